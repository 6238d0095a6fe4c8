// Preloaded (`node --require scripts/azurite-durable.js …`) into Azurite when it keeps its data on disk.
//
// Azurite keeps its metadata (containers, blob lists, queue messages, table entities) in LokiJS databases that it
// saves whole every 5 s, so a kill -9 loses up to 5 s of acknowledged writes. Here each database gets a journal,
// `<database file>.journal`, in the record format of scripts/cosmos-journal.js (u32 length | u32 CRC-32 | JSON array
// of operations after an 8-byte header), and every HTTP response waits until each journal's queued operations are
// fdatasync'ed, so an acknowledged write is on disk before the client hears of it. Operations record resulting states:
//   {o:"s", n, i, d}  document d (with $loki i) of collection n is now this (insert or update)
//   {o:"r", n, i}     the document with $loki i of collection n is gone
//   {o:"c", n, j}     collection n was added; j is it as Loki serialises it, empty (indices, options)
//   {o:"x", n}        collection n was removed (a table deleted)
// Applied in order they are idempotent, so replaying a journal over a snapshot that already holds some of it is
// harmless: that is what makes compaction safe without an atomic swap of two files.
//
// Cost per acknowledged write is O(change): the documents it touched, serialised when their group commit is written
// (so a document changed again in the same turn is journaled as it ended up). Writes that arrive while an fsync is in
// flight share the next one (group commit). Before, every acknowledgement rewrote each dirty database whole.
//
// At start, Loki loads the last snapshot (the database file) and the journal is replayed over it; a torn or corrupt
// tail (a record that never completed, so was never acknowledged) is reported and cut off. Compaction writes the
// whole database to `<file>~`, fdatasyncs it, renames it over the database file, then empties the journal: when the
// journal outgrows max(TRIBUTARY_AZURITE_COMPACT_BYTES, default 64 MiB; the last snapshot's size), when Azurite saves
// explicitly (at start, after creating its collections) and at a clean close. Loki's own 5 s autosave is off.
// Blob contents (extents) are written by Azurite before their metadata, so they are in the file system first.
// Nothing in node_modules is edited.
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");
const { encodeRecord, readJournal, writeAll, fdatasync, fsyncDirectory, MAGIC } = require("./cosmos-journal.js");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const Loki = require(require.resolve("lokijs", { paths: [azurite] }));

const COMPACT_BYTES = Number(process.env.TRIBUTARY_AZURITE_COMPACT_BYTES) || 64 << 20;

/** Journal of each Loki database kept on disk, and of each of their collections (collections do not know their database). */
const journals = new Map();
const collectionJournals = new WeakMap();
let replaying = false;

const log = message => process.stderr.write(`azurite-durable: ${message}\n`);

function stop(what, err) {
  // Fail stop: a write that could not be made durable must never be acknowledged.
  log(`${what} failed, stopping: ${err && err.message ? err.message : err}`);
  process.exit(1);
}

const ftruncate = (fd, length) => new Promise((resolve, reject) => fs.ftruncate(fd, length, err => (err ? reject(err) : resolve())));
const writeText = (fd, text) => new Promise((resolve, reject) => fs.writeFile(fd, text, err => (err ? reject(err) : resolve())));

class Journal {
  constructor(db) {
    this.db = db;
    this.file = `${db.filename}.journal`;
    this.fd = undefined;
    this.size = 0;
    this.snapshotBytes = 0;
    this.pending = [];
    this.queued = 0;
    this.durableSeq = 0;
    this.flushing = false;
    this.scheduled = false;
    this.compactRequested = false;
    this.waiters = [];
    if (!fs.existsSync(db.filename) && fs.existsSync(this.file) && fs.statSync(this.file).size > MAGIC.length) {
      // Azurite loads a database only when its file exists; give the journal an (empty) snapshot to be replayed over.
      fs.writeFileSync(db.filename, JSON.stringify({ filename: db.filename, collections: [], databaseVersion: 1.5, engineVersion: 1.5 }));
      fsyncDirectory(path.dirname(db.filename));
    }
  }

  /** Reads the journal (cutting a torn tail), returns its operations, and opens it for appending. */
  open() {
    const ops = [];
    const read = readJournal(this.file, op => ops.push(op), log, "Azurite");
    if (read.droppedBytes > 0) log(`${this.file}: a torn or corrupt last record was ignored`);
    this.fd = fs.openSync(this.file, "a");
    this.size = read.size;
    this.snapshotBytes = fs.existsSync(this.db.filename) ? fs.statSync(this.db.filename).size : 0;
    return ops;
  }

  ensureOpen() {
    if (this.fd !== undefined) return;
    // The database was never loaded (no file yet), so the journal must hold nothing to replay.
    if (this.open().length) stop(`opening ${this.file}`, new Error("the journal has records but its database was not loaded"));
  }

  record(op) {
    this.pending.push(op);
    this.queued += 1;
    this.schedule();
  }

  /** Resolves once the whole database is in its file and the journal is empty. */
  compactNow() {
    this.compactRequested = true;
    this.record(null);
    return this.durable();
  }

  schedule() {
    if (!this.scheduled && !this.flushing) {
      this.scheduled = true;
      // setImmediate rather than nextTick: requests parsed in the same I/O turn join this write.
      setImmediate(() => this.flush());
    }
  }

  /** Null when everything queued is on disk, else a promise that resolves when it is. */
  durable() {
    if (this.durableSeq >= this.queued) return null;
    const seq = this.queued;
    return new Promise(resolve => this.waiters.push({ seq, resolve }));
  }

  async flush() {
    this.scheduled = false;
    if (this.flushing) return;
    this.flushing = true;
    try {
      this.ensureOpen();
      while (this.pending.length) {
        const ops = this.pending;
        this.pending = [];
        const upTo = this.queued;
        // Past max(threshold, last snapshot) only, so whole saves stay amortised O(1) per journaled byte.
        if (this.compactRequested || this.size >= Math.max(COMPACT_BYTES, this.snapshotBytes)) {
          this.compactRequested = false;
          await this.compact();
        } else {
          await this.append(ops);
        }
        this.durableSeq = upTo;
        while (this.waiters.length && this.waiters[0].seq <= this.durableSeq) this.waiters.shift().resolve();
      }
    } catch (err) {
      stop(`journaling ${this.db.filename}`, err);
    }
    this.flushing = false;
  }

  async append(ops) {
    const texts = [];
    for (const op of ops) if (op) texts.push(encode(op));
    if (!texts.length) return;
    const buffer = encodeRecord(`[${texts.join(",")}]`);
    await writeAll(this.fd, buffer);
    await fdatasync(this.fd);
    this.size += buffer.length;
  }

  async compact() {
    // Serialised synchronously: every operation applied so far is in it; later ones go to the emptied journal.
    const text = this.db.serialize();
    const temp = `${this.db.filename}~`;
    const fd = fs.openSync(temp, "w");
    try {
      await writeText(fd, text);
      await fdatasync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.db.filename);
    fsyncDirectory(path.dirname(this.db.filename));
    // A kill between the rename and here replays the old journal over the new snapshot, which changes nothing.
    await ftruncate(this.fd, MAGIC.length);
    await fdatasync(this.fd);
    this.size = MAGIC.length;
    this.snapshotBytes = Buffer.byteLength(text);
  }
}

function encode(op) {
  switch (op.o) {
    case "s":
      return `{"o":"s","n":${JSON.stringify(op.n)},"i":${op.i},"d":${JSON.stringify(op.d)}}`;
    case "r":
      return `{"o":"r","n":${JSON.stringify(op.n)},"i":${op.i}}`;
    default:
      return JSON.stringify(op);
  }
}

/** Applies journaled operations to a database as Loki parsed it from its file; returns the collections touched. */
function replayInto(dbObject, ops, file) {
  dbObject.collections = dbObject.collections || [];
  const byName = new Map(dbObject.collections.map(c => [c.name, c]));
  const positions = new Map();
  const touched = new Set();
  const unsorted = new Set();
  const collection = name => {
    const coll = byName.get(name);
    if (!coll) throw new Error(`${file}.journal changes collection ${name}, which does not exist`);
    touched.add(coll);
    if (!positions.has(name)) positions.set(name, new Map(coll.data.map((doc, index) => [doc.$loki, index])));
    return coll;
  };
  for (const op of ops) {
    switch (op.o) {
      case "c":
        if (!byName.has(op.n)) {
          const coll = JSON.parse(op.j);
          dbObject.collections.push(coll);
          byName.set(op.n, coll);
        }
        break;
      case "x":
        if (byName.has(op.n)) {
          dbObject.collections = dbObject.collections.filter(c => c.name !== op.n);
          touched.delete(byName.get(op.n));
          byName.delete(op.n);
          positions.delete(op.n);
        }
        break;
      case "s": {
        const coll = collection(op.n);
        const at = positions.get(op.n);
        const doc = op.d;
        doc.$loki = op.i;
        const index = at.get(op.i);
        if (index !== undefined) {
          coll.data[index] = doc;
        } else {
          const last = coll.data.length ? coll.data[coll.data.length - 1] : null;
          if (last && last.$loki > op.i) unsorted.add(coll);
          at.set(op.i, coll.data.length);
          coll.data.push(doc);
        }
        coll.maxId = Math.max(coll.maxId || 0, op.i);
        break;
      }
      case "r": {
        const coll = collection(op.n);
        const at = positions.get(op.n);
        const index = at.get(op.i);
        if (index !== undefined) {
          coll.data[index] = null; // dropped below; splicing here would shift every later position
          at.delete(op.i);
        }
        break;
      }
      default:
        throw new Error(`${file}.journal has an unknown operation ${JSON.stringify(op.o)}`);
    }
  }
  for (const coll of touched) {
    coll.data = coll.data.filter(doc => doc !== null);
    if (unsorted.has(coll)) coll.data.sort((a, b) => a.$loki - b.$loki);
    coll.idIndex = null;
  }
  return new Set([...touched].map(c => c.name));
}

const configureOptions = Loki.prototype.configureOptions;
Loki.prototype.configureOptions = function journalFileDatabases(options, initialConfig) {
  const result = configureOptions.call(this, options, initialConfig);
  if (options && options.persistenceMethod === "fs" && !journals.has(this)) {
    // The journal makes every acknowledged write durable; a whole save every 5 s would only cost.
    this.autosaveDisable();
    this.autosave = false;
    journals.set(this, new Journal(this));
  }
  return result;
};

const loadJSONObject = Loki.prototype.loadJSONObject;
Loki.prototype.loadJSONObject = function loadWithJournal(dbObject, options) {
  const journal = journals.get(this);
  if (!journal || journal.fd !== undefined) return loadJSONObject.call(this, dbObject, options);
  const started = process.hrtime.bigint();
  const ops = journal.open();
  const touched = replayInto(dbObject, ops, this.filename);
  replaying = true;
  try {
    loadJSONObject.call(this, dbObject, options);
  } finally {
    replaying = false;
  }
  // Positions in the binary indices no longer match the replayed documents; rebuild them.
  for (const coll of this.collections) if (touched.has(coll.name)) coll.ensureAllIndexes(true);
  if (ops.length) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(`${path.basename(this.filename)}: replayed ${ops.length} journaled changes in ${ms.toFixed(0)} ms`);
  }
  return undefined;
};

const addCollection = Loki.prototype.addCollection;
Loki.prototype.addCollection = function journalAddCollection(name, options) {
  const coll = addCollection.call(this, name, options);
  const journal = journals.get(this);
  if (journal) {
    collectionJournals.set(coll, journal);
    coll.setChangesApi(true); // Loki then reports every insert, update and remove through createChange
    if (!replaying) journal.record({ o: "c", n: name, j: JSON.stringify(coll, this.serializeReplacer) });
  }
  return coll;
};

const removeCollection = Loki.prototype.removeCollection;
Loki.prototype.removeCollection = function journalRemoveCollection(name) {
  const journal = journals.get(this);
  if (journal && !replaying) journal.record({ o: "x", n: name });
  return removeCollection.call(this, name);
};

const createChange = Loki.Collection.prototype.createChange;
Loki.Collection.prototype.createChange = function journalChange(name, operation, obj, old) {
  const journal = collectionJournals.get(this);
  if (!journal) {
    createChange.call(this, name, operation, obj, old);
    return;
  }
  // The document itself, serialised at the group commit: it is the state the acknowledgement covers. Its $loki is
  // taken now because Loki deletes it from a removed document.
  if (operation === "R") journal.record({ o: "r", n: name, i: obj.$loki });
  else journal.record({ o: "s", n: name, i: obj.$loki, d: obj });
};

const saveDatabase = Loki.prototype.saveDatabase;
Loki.prototype.saveDatabase = function compactOnSave(callback) {
  const journal = journals.get(this);
  if (!journal) return saveDatabase.call(this, callback);
  Promise.resolve(journal.compactNow()).then(() => callback && callback(null));
  return undefined;
};

const close = Loki.prototype.close;
Loki.prototype.close = function compactOnClose(callback) {
  const journal = journals.get(this);
  if (!journal) return close.call(this, callback);
  Promise.resolve(journal.compactNow()).then(() => close.call(this, callback));
  return undefined;
};

const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function endWhenDurable(...args) {
  const pending = [];
  for (const journal of journals.values()) {
    const durable = journal.durable();
    if (durable) pending.push(durable);
  }
  if (!pending.length) return end.apply(this, args);
  Promise.all(pending).then(() => end.apply(this, args));
  return this;
};
