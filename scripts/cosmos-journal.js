// Durable state for scripts/cosmos-server.js: an append-only journal of the server's resulting resource states.
//
// Why resulting states and not requests: the shipped server draws a fresh random `_etag` and the clock's `_ts` on every
// write, so re-running the requests at start-up would give every document a new ETag and break clients that hold one.
// Journaling what each write left behind (the whole resource, or a delete by `_rid`) reproduces the state exactly,
// including `_etag`, `_ts`, `_rid`, `_self` and the change feed's `_lsn`.
//
// File `<dir>/journal`: the 8-byte header "TRBJRNL1", then records. A record is
//   u32 LE payload length | u32 LE CRC-32 of the payload | payload (UTF-8 JSON array of operations)
// One record holds every operation that one group commit made durable, and one request's operations always share a
// record (they are made synchronously, in one tick), so a request is either replayed whole or not at all.
// Operations: {o:"s", k, p, d, r} sets resource d (replacing any resource with its _rid), {o:"d", k, p, rid} deletes one,
// {o:"r", k, p, r} restores a resource counter; k is db|coll|doc|udf, p the owner's [database _rid, collection _rid],
// r the owner's _ridCount (new resources derive their _rid from it, so it must survive or creates would reuse _rids).
//
// A response is sent only after its record is fsynced (the server's request listener waits on `durable()`), and
// writes that arrive while an fsync is in flight share the next one (group commit). A torn or corrupt tail found at
// start is cut off: only records that never completed (so were never acknowledged) are lost. When the file outgrows
// the compaction threshold, the current state is written to `journal.compact`, fsynced and renamed over the journal.
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const MAGIC = Buffer.from("TRBJRNL1", "ascii");
const RECORD_HEADER = 8;
const MAX_RECORD = 1 << 30;
const SNAPSHOT_RECORD_BYTES = 4 << 20;

const crc32 = typeof zlib.crc32 === "function" ? buffer => zlib.crc32(buffer) >>> 0 : tableCrc32;

function tableCrc32(buffer) {
  if (!tableCrc32.table) {
    tableCrc32.table = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      tableCrc32.table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < buffer.length; i += 1) crc = tableCrc32.table[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function encodeRecord(payloadText) {
  const payload = Buffer.from(payloadText, "utf8");
  const record = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  payload.copy(record, RECORD_HEADER);
  return record;
}

function fsyncDirectory(dir) {
  // The rename or creation of a file is durable only once its directory is; not every platform can open one.
  let fd;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (err) {
    if (err.code !== "EISDIR" && err.code !== "EPERM" && err.code !== "EINVAL") throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeAll(fd, buffer) {
  return new Promise((resolve, reject) => {
    const step = offset => {
      if (offset >= buffer.length) {
        resolve();
        return;
      }
      fs.write(fd, buffer, offset, buffer.length - offset, null, (err, written) => (err ? reject(err) : step(offset + written)));
    };
    step(0);
  });
}

const fdatasync = fd => new Promise((resolve, reject) => fs.fdatasync(fd, err => (err ? reject(err) : resolve())));

/**
 * Reads the journal, hands every intact record's operations to `apply`, cuts a torn or corrupt tail off, and returns
 * the file size and what was read. A missing or empty file (or one torn inside its header) starts a new journal.
 */
function readJournal(file, apply, log, kind = "cosmos-server") {
  let data;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
    data = Buffer.alloc(0);
  }
  if (data.length < MAGIC.length) {
    // Never written past its header: nothing was ever acknowledged from it.
    fs.writeFileSync(file, MAGIC);
    const fd = fs.openSync(file, "r+");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fsyncDirectory(path.dirname(file));
    return { size: MAGIC.length, records: 0, operations: 0, droppedBytes: data.length };
  }
  if (!data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(`${file} is not a ${kind} journal (bad header); move it away to start empty`);
  }
  let offset = MAGIC.length;
  let records = 0;
  let operations = 0;
  while (offset + RECORD_HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    if (length > MAX_RECORD || end > data.length) break;
    const payload = data.subarray(offset + RECORD_HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
    let ops;
    try {
      ops = JSON.parse(payload.toString("utf8"));
    } catch (err) {
      break; // a checksum collision on garbage; treat as torn
    }
    for (const op of ops) apply(op);
    records += 1;
    operations += ops.length;
    offset = end;
  }
  const droppedBytes = data.length - offset;
  if (droppedBytes > 0) {
    log(`journal: ignored ${droppedBytes} bytes of a torn or corrupt record at offset ${offset}; truncating to the last good record`);
    const fd = fs.openSync(file, "r+");
    fs.ftruncateSync(fd, offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  return { size: offset, records, operations, droppedBytes };
}

/**
 * Opens (replaying) the journal in `dir` and returns the writer: `record(op)` queues an operation (`recordText(json)` one
 * already serialised), `durable()` returns
 * null when everything queued is on disk, else a promise that resolves when it is. `snapshot()` must return the current
 * state as operations; it is called synchronously at compaction, so the state cannot change while it is taken.
 */
function openJournal({ dir, compactBytes, apply, snapshot, log }) {
  const file = path.join(dir, "journal");
  const compactFile = path.join(dir, "journal.compact");
  // A compaction that died before its rename: the journal it was replacing is still complete.
  fs.rmSync(compactFile, { force: true });

  const started = process.hrtime.bigint();
  const replayed = readJournal(file, apply, log);
  const replayMs = Number(process.hrtime.bigint() - started) / 1e6;

  let fd = fs.openSync(file, "a");
  let size = replayed.size;
  let snapshotSize = MAGIC.length;
  let pending = [];
  let queued = 0;
  let durableSeq = 0;
  let flushing = false;
  let scheduled = false;
  let fsyncs = 0;
  let compactions = 0;
  const waiters = [];

  function schedule() {
    if (!scheduled && !flushing) {
      scheduled = true;
      // setImmediate rather than nextTick: requests parsed in the same I/O turn join this first write.
      setImmediate(flush);
    }
  }

  function record(op) {
    recordText(JSON.stringify(op));
  }

  // An operation already serialised by the caller (the batch path splices a document's system properties into the JSON
  // it received rather than stringifying the stored object again); it must parse to what `record` would have written.
  function recordText(text) {
    pending.push(text);
    queued += 1;
    schedule();
  }

  function durable() {
    if (durableSeq >= queued) return null;
    const seq = queued;
    return new Promise(resolve => waiters.push({ seq, resolve }));
  }

  async function append(ops) {
    const buffer = encodeRecord(`[${ops.join(",")}]`);
    await writeAll(fd, buffer);
    await fdatasync(fd);
    fsyncs += 1;
    size += buffer.length;
  }

  async function compact() {
    // Taken synchronously: every operation queued so far is in the snapshot, later ones go to the new journal.
    const chunks = [MAGIC];
    let batch = [];
    let batchBytes = 0;
    for (const op of snapshot()) {
      const text = JSON.stringify(op);
      batch.push(text);
      batchBytes += text.length;
      if (batchBytes >= SNAPSHOT_RECORD_BYTES) {
        chunks.push(encodeRecord(`[${batch.join(",")}]`));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) chunks.push(encodeRecord(`[${batch.join(",")}]`));
    const buffer = Buffer.concat(chunks);
    const tmp = fs.openSync(compactFile, "w");
    try {
      await writeAll(tmp, buffer);
      await fdatasync(tmp);
    } finally {
      fs.closeSync(tmp);
    }
    fs.renameSync(compactFile, file);
    fsyncDirectory(dir);
    fs.closeSync(fd);
    fd = fs.openSync(file, "a");
    size = buffer.length;
    snapshotSize = buffer.length;
    compactions += 1;
  }

  async function flush() {
    scheduled = false;
    if (flushing) return;
    flushing = true;
    try {
      while (pending.length) {
        const ops = pending;
        pending = [];
        const upTo = queued;
        // Compact only past twice the last snapshot too, so a state larger than the threshold is not rewritten per write.
        if (size >= compactBytes && size >= 2 * snapshotSize) {
          await compact();
        } else {
          await append(ops);
        }
        durableSeq = upTo;
        while (waiters.length && waiters[0].seq <= durableSeq) waiters.shift().resolve();
      }
    } catch (err) {
      // Fail stop: nothing after a failed write may be acknowledged, and the journal is only trusted up to its last good record.
      process.stderr.write(`cosmos-server: journal write failed, stopping: ${err.message}\n`);
      process.exit(1);
    }
    flushing = false;
  }

  return {
    file,
    record,
    recordText,
    durable,
    replayed: { ...replayed, ms: replayMs },
    stats: () => ({ size, fsyncs, compactions, queued, durable: durableSeq })
  };
}

// The record format and its helpers are shared with scripts/azurite-durable.js, which journals Azurite's databases.
module.exports = { openJournal, crc32, encodeRecord, readJournal, writeAll, fdatasync, fsyncDirectory, MAGIC };
