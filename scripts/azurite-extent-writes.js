// Preloaded (`node --require scripts/azurite-extent-writes.js …`) into Azurite when it keeps its data on disk, before
// scripts/azurite-block-hash.js (which wraps what this replaces).
//
// Azurite writes each Put Block and Put Blob body into its extent file through an fs.WriteStream: every socket chunk (up
// to 64 KiB) becomes a write(2) on libuv's thread pool, a hand-off to a pool thread and back, and chunks that arrive
// while one is in flight are gathered into a writev of chunks no longer in the CPU's cache (round 7 in docs/pipeline.md
// measured those task switches at 12 % of Azurite's CPU). Here, two ways instead:
//
// - Bodies of at least TRIBUTARY_AZURITE_DIRECT_MIN_BYTES (default 8 MiB, what gen's batches stage) bypass the page cache
//   (O_DIRECT). Each chunk is copied into one of a few reused, page-aligned 1 MiB pieces, and full pieces are written
//   on the thread pool, two at a time per body. The bytes before the first page boundary and after the last go through
//   the cache, as below. Why: every byte written through the cache needs a page of its own, and Azurite keeps every
//   extent, so it always needs new ones; on this VM kind (DAMON pages cold memory out, the balloon hands freed pages to
//   the host) fresh pages are slow to touch, and after about 3 GB a 10M-row gen run's Azurite took 15–20 CPU-s instead
//   of 3–6 (half of it in the kernel's copy into new cache pages). Nothing reads such output back soon; smaller bodies
//   (the SDK's 4 MiB upload blocks, single puts) stay cached, so a run that reads its input right after the upload
//   finds it in memory. Where O_DIRECT is refused (no such flag, a file system without it), every body is cached.
// - Smaller bodies are written chunk by chunk with writeSync on Azurite's own thread, while each chunk is still in
//   cache (`bench -- blob-bytes --small 0 --mib 1024`: 3.15–3.68 → 2.38–3.09 Azurite CPU-s per GiB, round 9).
//
// Either way the extent is fdatasync'ed before the promise resolves, so an acknowledged block is on disk exactly as
// before; the byte count is what arrived; the body's end or close (an aborted request) ends the append; a read or write
// error rejects it, only once no write of it is still in flight (Azurite then truncates the extent back to where the
// append began). Nothing in node_modules is edited.
"use strict";

const fs = require("fs");
const path = require("path");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const FSExtentStore = require(path.join(azurite, "dist", "src", "common", "persistence", "FSExtentStore.js")).default;

if (FSExtentStore.prototype.streamPipe.name !== "streamPipe") {
  // Another preload already wrapped Azurite's streamPipe; replacing it now would silently drop that wrapper.
  throw new Error("azurite-extent-writes.js must be preloaded before any preload that wraps FSExtentStore.streamPipe (azurite-block-hash.js)");
}

/** File offsets, lengths and buffer addresses of direct writes are multiples of this (512- and 4096-byte sectors). */
const ALIGN = 4096;
/** Bytes per direct write. */
const PIECE = 1 << 20;
/** Direct writes in flight per body; one more piece fills meanwhile. */
const PIECES_IN_FLIGHT = 2;
/** Pieces are cut from page-aligned arenas (WebAssembly memory is mmap'ed; a Buffer's memory is not aligned). */
const ARENA_PIECES = 8;

const log = message => process.stderr.write(`azurite-extent-writes: ${message}\n`);

function directMinBytes() {
  const setting = process.env.TRIBUTARY_AZURITE_DIRECT_MIN_BYTES;
  if (setting === undefined || setting === "") return 8 << 20;
  const value = Number(setting);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`TRIBUTARY_AZURITE_DIRECT_MIN_BYTES must be a whole number of bytes (0 or more), not "${setting}"`);
  }
  return value;
}

const DIRECT_MIN_BYTES = directMinBytes();
const O_DIRECT = fs.constants.O_DIRECT;

const idlePieces = [];
function takePiece() {
  if (idlePieces.length === 0) {
    const arena = Buffer.from(new WebAssembly.Memory({ initial: (ARENA_PIECES * PIECE) / 65536 }).buffer);
    for (let i = 0; i < ARENA_PIECES; i++) idlePieces.push(arena.subarray(i * PIECE, (i + 1) * PIECE));
  }
  return idlePieces.pop();
}

/** Whether O_DIRECT writes work in each extent folder, found out once per folder by writing one aligned page. */
const directFolders = new Map();
function directWorksIn(folder) {
  let works = directFolders.get(folder);
  if (works !== undefined) return works;
  const probe = path.join(folder, `.tributary-direct-probe-${process.pid}`);
  try {
    const fd = fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | O_DIRECT);
    try {
      const page = takePiece();
      try {
        fs.writeSync(fd, page, 0, ALIGN, 0);
      } finally {
        idlePieces.push(page);
      }
    } finally {
      fs.closeSync(fd);
    }
    works = true;
  } catch (err) {
    log(`O_DIRECT refused in ${folder} (${err.code || err.message}); every body there is written through the page cache`);
    works = false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
  directFolders.set(folder, works);
  return works;
}

/** The extent's path when this body should bypass the page cache, else undefined. */
function directTarget(rs, fd) {
  if (O_DIRECT === undefined || typeof fd !== "number" || !rs.headers) return undefined;
  const length = Number(rs.headers["content-length"]);
  if (!(length >= DIRECT_MIN_BYTES)) return undefined;
  let file;
  try {
    file = fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
  return directWorksIn(path.dirname(file)) ? file : undefined;
}

FSExtentStore.prototype.streamPipe = function writeExtent(rs, ws, fd, contextId) {
  // `ws` (a WriteStream on the shared, cached fd, autoClose off) is left untouched: destroying it would close that fd.
  const file = directTarget(rs, fd);
  return file === undefined ? writeThroughCache(this, rs, fd, contextId) : writeDirect(this, rs, fd, file, contextId);
};

function writeThroughCache(store, rs, fd, contextId) {
  return new Promise((resolve, reject) => {
    let count = 0;
    let settled = false;
    const fail = err => {
      if (settled) return;
      settled = true;
      store.logger.debug(`FSExtentStore:streamPipe() failed after ${count} bytes: ${err && err.message}`, contextId);
      reject(err);
    };
    rs.on("data", chunk => {
      if (settled) return;
      try {
        appendSync(fd, chunk, 0, chunk.length);
        count += chunk.length;
      } catch (err) {
        fail(err);
      }
    });
    const end = () => {
      if (settled) return;
      settled = true;
      if (typeof fd !== "number") return resolve(count);
      fs.fdatasync(fd, err => (err ? reject(err) : resolve(count)));
    };
    rs.on("end", end).on("close", end).on("error", fail);
  });
}

function writeDirect(store, rs, fd, file, contextId) {
  return new Promise((resolve, reject) => {
    // The extent's fd is opened for appending, and Azurite appends one body at a time per extent: its size is where
    // this body begins.
    const start = fs.fstatSync(fd).size;
    const direct = fs.openSync(file, fs.constants.O_WRONLY | O_DIRECT);
    const held = [];
    const hold = () => {
      const taken = takePiece();
      held.push(taken);
      return taken;
    };
    const spare = [hold(), hold()];
    let piece = hold();
    let filled = 0;
    let head = (ALIGN - (start % ALIGN)) % ALIGN; // bytes that go through the cache before the first page boundary
    let position = start + head; // where the next piece lands
    let count = 0;
    let inFlight = 0;
    let ended = false;
    let failure = null;
    let settled = false;
    let tail = null;

    const settle = () => {
      if (settled || inFlight > 0 || !(ended || failure)) return;
      settled = true;
      idlePieces.push(...held);
      try {
        fs.closeSync(direct);
      } catch (err) {
        failure = failure || err;
      }
      try {
        // Appended after every piece is written, so the file's end is where the tail belongs.
        if (!failure && tail) appendSync(fd, tail, 0, tail.length);
      } catch (err) {
        failure = err;
      }
      if (failure) {
        store.logger.debug(`FSExtentStore:streamPipe() failed after ${count} bytes: ${failure.message}`, contextId);
        return reject(failure);
      }
      fs.fdatasync(fd, err => (err ? reject(err) : resolve(count)));
    };
    const submit = length => {
      const buffer = piece;
      const at = position;
      position += length;
      piece = spare.pop() || hold(); // only when one chunk fills more than a piece
      filled = 0;
      if (++inFlight >= PIECES_IN_FLIGHT) rs.pause();
      fs.write(direct, buffer, 0, length, at, (err, written) => {
        inFlight--;
        spare.push(buffer);
        if (!err && written !== length) err = new Error(`wrote ${written} of ${length} bytes at ${at} of ${file}`);
        if (err && !failure) failure = err;
        // After a failure the rest of the body is read and dropped, as Azurite's own streamPipe does.
        if (!ended && (failure || inFlight < PIECES_IN_FLIGHT)) rs.resume();
        settle();
      });
    };

    rs.on("data", chunk => {
      if (ended || failure) return;
      try {
        let at = 0;
        if (head > 0) {
          at = Math.min(head, chunk.length);
          appendSync(fd, chunk, 0, at);
          head -= at;
        }
        while (at < chunk.length) {
          const n = Math.min(PIECE - filled, chunk.length - at);
          chunk.copy(piece, filled, at, at + n);
          filled += n;
          at += n;
          if (filled === PIECE) submit(PIECE);
        }
        count += chunk.length;
      } catch (err) {
        failure = err;
        settle();
      }
    });
    const end = () => {
      if (ended) return;
      ended = true;
      if (!failure && filled > 0) {
        const aligned = filled - (filled % ALIGN);
        if (aligned < filled) tail = Buffer.from(piece.subarray(aligned, filled));
        if (aligned > 0) submit(aligned);
      }
      settle();
    };
    rs.on("end", end)
      .on("close", end)
      .on("error", err => {
        if (!failure) failure = err;
        end();
      });
  });
}

function appendSync(fd, buffer, offset, length) {
  for (let written = 0; written < length; ) written += fs.writeSync(fd, buffer, offset + written, length - written);
}
