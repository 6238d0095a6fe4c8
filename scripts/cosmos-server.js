#!/usr/bin/env node
// Launcher for @vercel/cosmosdb-server (pinned in package.json) that makes it usable from the .NET Cosmos SDK.
// The server as shipped breaks the SDK in five ways, its query engine is quadratic (FIX 6), and it cannot read the SDK's
// transactional batches (FIX 7) (docs/storage.md, ../shared/emulators.md); each fix below is
// marked FIX n. The fixes patch handler modules before the router captures them, and wrap the request listener;
// nothing in node_modules is edited, so `npm ci` stays the only install step.
//
//   node scripts/cosmos-server.js [--port 0] [--host 127.0.0.1] [--any-port-if-taken] [--keep-alive-seconds 600]
//                                 [--connection-close] [--data-dir DIR [--compact-bytes N]]
//
// Without --data-dir everything stays in memory, as shipped. With it, every write is journaled to DIR/journal and
// fsynced before its response is sent, and the journal is replayed before the server listens (scripts/cosmos-journal.js).
//
// Prints exactly one ready line on stdout, which LocalEmulators waits for:
//   cosmos-server listening on https://127.0.0.1:PORT
"use strict";

const crypto = require("crypto");
const path = require("path");

const lib = path.dirname(require.resolve("@vercel/cosmosdb-server"));
const load = relative => require(path.join(lib, relative));

function parseArgs(argv) {
  const args = {
    port: 0,
    host: "127.0.0.1",
    anyPortIfTaken: false,
    keepAliveSeconds: 600,
    connectionClose: false,
    dataDir: null,
    compactBytes: Number.parseInt(process.env.TRIBUTARY_COSMOS_COMPACT_BYTES || String(64 << 20), 10)
  };
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    const value = argv[i + 1];
    switch (key) {
      case "--port":
        args.port = Number.parseInt(value, 10);
        i += 1;
        break;
      case "--host":
        args.host = value;
        i += 1;
        break;
      case "--any-port-if-taken":
        // The conventional port (8081) when free, else whatever the OS gives: a second server must still start.
        args.anyPortIfTaken = true;
        break;
      case "--data-dir":
        args.dataDir = value;
        i += 1;
        break;
      case "--compact-bytes":
        args.compactBytes = Number.parseInt(value, 10);
        i += 1;
        break;
      case "--keep-alive-seconds":
        args.keepAliveSeconds = Number.parseInt(value, 10);
        i += 1;
        break;
      case "--connection-close":
        // The shipped behaviour (a TLS handshake per request), kept only to measure what FIX 4 is worth.
        args.connectionClose = true;
        break;
      case "-h":
      case "--help":
        process.stdout.write(
          "Usage: node scripts/cosmos-server.js [--port N (0 = free port)] [--host 127.0.0.1] [--any-port-if-taken]\n" +
            "         [--keep-alive-seconds 600] [--connection-close] [--data-dir DIR (journal; default: in memory)]\n" +
            "         [--compact-bytes N (compact the journal past N bytes; default 64 MiB or TRIBUTARY_COSMOS_COMPACT_BYTES)]\n"
        );
        process.exit(0);
        break;
      default:
        process.stderr.write(`cosmos-server: unknown argument ${key}\n`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    process.stderr.write("cosmos-server: --port must be 0..65535\n");
    process.exit(2);
  }
  if (!Number.isInteger(args.compactBytes) || args.compactBytes < 1) {
    process.stderr.write("cosmos-server: --compact-bytes must be a positive integer\n");
    process.exit(2);
  }
  if (!Number.isInteger(args.keepAliveSeconds) || args.keepAliveSeconds < 1) {
    process.stderr.write("cosmos-server: --keep-alive-seconds must be a positive integer\n");
    process.exit(2);
  }
  return args;
}

const trueHeader = load("true-header.js").default;
const readJson = load("json.js").default;
const readItems = load("handler/_read-items.js").default;
const getValue = load("utils/get-value.js").default;
const { parsePartitionKey } = load("utils/get-partition-from-header.js");

/**
 * The single partition-key value a request names, or undefined when it names none. The SDK sends `["value"]`;
 * `[{}]` (PartitionKey.None) and `[]` mean "no partition".
 */
function requestPartitionKey(req) {
  const raw = req.headers["x-ms-documentdb-partitionkey"];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (!header) return undefined;
  let parsed;
  try {
    parsed = JSON.parse(header);
  } catch (err) {
    return undefined;
  }
  const value = Array.isArray(parsed) ? parsed[0] : parsed;
  if (value === undefined || value === null || typeof value === "object") return undefined;
  return value;
}

// FIX 2: a query sent with a partition key must only see that partition. The shipped handler ignores the header
// (returning every partition's rows) or, without the cross-partition header, rejects the query with 400 unless the
// SQL itself filters on the key. Filtering the rows before the query engine runs keeps its paging and continuation
// tokens consistent, because every page of one query sees the same filtered set.
const queryDocumentsModule = load("handler/query-documents.js");
const shippedQueryDocuments = queryDocumentsModule.default;
queryDocumentsModule.default = async (account, req, res, params) => {
  const partitionKey = requestPartitionKey(req);
  if (partitionKey === undefined) return shippedQueryDocuments(account, req, res, params);
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body.query) {
      res.statusCode = 400;
      return { message: "missing query" };
    }
    const documents = account.database(params.dbId).collection(params.collId).documents;
    if (!documents._parent.read()) return null;
    const keyPath = documents._getPartitionKeyPath();
    const rows = [];
    for (const item of documents._data.values()) {
      const row = item.read();
      if (getValue(keyPath, row) === partitionKey) rows.push(row);
    }
    const collection = documents._parent.read();
    const compositeIndexes = (collection.indexingPolicy && collection.indexingPolicy.compositeIndexes) || [];
    const query = documents._getQuery(body.query); // a syntax error here becomes 400 in _read-items
    try {
      return query.exec(rows, {
        parameters: body.parameters,
        udf: documents._userDefinedFunctions(),
        maxItemCount,
        continuation,
        compositeIndexes
      });
    } catch (err) {
      res.statusCode = 400;
      return { code: "BadRequest", message: err.message };
    }
  });
};

// FIX 6: the query engine (@zeit/cosmosdb-query) compiles `FROM c` into `rows.reduce(($, c) => [...$, { c }], [])`,
// which copies the accumulator for every row: quadratic. A query over a 100,000-document partition took about 150 s
// (longer than the SDK's 65 s request timeout, so a break queue of that size answered 500). Rewriting the generated
// code to push into the accumulator (a fresh array per query) makes it linear: about 1 s for the same query.
const queryModule = require(require.resolve("@zeit/cosmosdb-query", { paths: [lib] }));
const queryPrototype = Object.getPrototypeOf(queryModule.default("SELECT * FROM c"));
const shippedCode = Object.getOwnPropertyDescriptor(queryPrototype, "code");
const quadraticAppend = /\[\.\.\.\$, \{\s*([A-Za-z_$][\w$]*): ([A-Za-z_$][\w$]*)\s*\}\] : \$/g;
Object.defineProperty(queryPrototype, "code", {
  configurable: true,
  get() {
    return shippedCode.get.call(this).replace(quadraticAppend, "($.push({ $1: $2 }), $) : $");
  }
});

// FIX 3: a point read of a missing item dereferences `undefined` in the shipped handler (500). Real Cosmos says 404,
// and the SDK's ReadItem/ReadItemStream contract (null / NotFound) depends on it.
const readDocumentModule = load("handler/read-document.js");
const shippedReadDocument = readDocumentModule.default;
readDocumentModule.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  if (collection.read()) {
    const header = req.headers["x-ms-documentdb-partitionkey"];
    let partition;
    try {
      partition = parsePartitionKey(Array.isArray(header) ? header[0] : header, params.docId);
    } catch (err) {
      partition = params.docId;
    }
    if (!collection.document(params.docId, partition).read()) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return shippedReadDocument(account, req, res, params);
};

const Documents = load("account/documents.js").default;

// PERSISTENCE (--data-dir): every resource write is journaled as the state it left behind (scripts/cosmos-journal.js
// says why states, not requests). The hooks sit on the shared base class of every resource collection, before FIX 5
// captures it, so databases, containers, documents and UDFs are covered by two methods: `_set` (create, replace,
// upsert, patch) and `delete`. Partition-key ranges are derived from their container and are rebuilt with it.
const args = parseArgs(process.argv.slice(2));
const Items = load("account/items.js").default;
const Databases = load("account/databases.js").default;
const Collections = load("account/collections.js").default;
const UserDefinedFunctions = load("account/user-defined-functions.js").default;
const accountModule = load("account/index.js");
const baseItemsSet = Items.prototype._set;
const baseItemsDelete = Items.prototype.delete;
let journal = null;
let replaying = false;

function kindOf(items) {
  if (items instanceof Documents) return "doc";
  if (items instanceof Collections) return "coll";
  if (items instanceof Databases) return "db";
  if (items instanceof UserDefinedFunctions) return "udf";
  return null; // partition-key ranges
}

// The owner of a resource collection as [database _rid, collection _rid]; a collection's _self is /dbs/DB/colls/COLL.
function ownerOf(items, kind) {
  if (kind === "db") return [];
  const owner = items._parent.read();
  if (kind === "coll") return [owner._rid];
  return [owner._self.split("/")[2], owner._rid];
}

if (args.dataDir) {
  Items.prototype._set = function journaledSet(data) {
    const result = baseItemsSet.call(this, data);
    const kind = !replaying && journal && kindOf(this);
    if (kind) journal.record({ o: "s", k: kind, p: ownerOf(this, kind), d: result, r: this._ridCount });
    return result;
  };
  Items.prototype.delete = function journaledDelete(idOrRid, partition) {
    const data = this._item("/id", idOrRid, partition).read();
    const result = baseItemsDelete.call(this, idOrRid, partition);
    const kind = data && !replaying && journal && kindOf(this);
    if (kind) journal.record({ o: "d", k: kind, p: ownerOf(this, kind), rid: data._rid });
    return result;
  };
}

function itemsAt(account, kind, owner) {
  if (kind === "db") return account.databases;
  const database = account.databases._data.get(owner[0]);
  if (!database) return null;
  if (kind === "coll") return database.collections;
  const collection = database.collections._data.get(owner[1]);
  if (!collection) return null;
  return kind === "doc" ? collection.documents : collection.userDefinedFunctions;
}

// Items.delete by _rid, without the id lookup (which needs the partition) and without journaling.
function removeByRid(items, rid) {
  const item = items._data.get(rid);
  if (!item) return;
  const data = item.read();
  const partition = items._getPartition(data);
  for (const keyPath of items._uniqueKeyPaths) {
    items._index.delete(items._getId(keyPath, getValue(keyPath.slice(1).split("/"), data), partition));
  }
  items._data.delete(rid);
}

const defineUdf = body => new Function(`"use strict";return (${body})`)(); // eslint-disable-line no-new-func

function applyOperation(account, op, restored) {
  const items = itemsAt(account, op.k, op.p);
  if (!items) return; // its owner was deleted later in the same journal
  if (op.o === "s") {
    const previous = items._data.get(op.d._rid);
    removeByRid(items, op.d._rid);
    if (op.k === "udf" && previous) delete items.functions[previous.read().id];
    baseItemsSet.call(items, op.d); // the recorded state is final: no normalising, no new _lsn
    if (op.k === "udf") items.functions[op.d.id] = defineUdf(op.d.body);
    if (op.k === "doc" && op.d._lsn > restored.lsn) restored.lsn = op.d._lsn; // eslint-disable-line no-param-reassign
  } else if (op.o === "d") {
    const previous = items._data.get(op.rid);
    if (op.k === "udf" && previous) delete items.functions[previous.read().id];
    removeByRid(items, op.rid);
  }
  if (op.r !== undefined && op.r > items._ridCount) items._ridCount = op.r; // eslint-disable-line no-param-reassign
}

// The whole state as operations, parents before children, in each collection's insertion order (the order a query
// without ORDER BY returns).
function* snapshotOperations(account) {
  const counter = (items, kind, owner) => ({ o: "r", k: kind, p: owner, r: items._ridCount });
  for (const database of account.databases._data.values()) {
    yield { o: "s", k: "db", p: [], d: database.read() };
    const dbOwner = [database.read()._rid];
    for (const collection of database.collections._data.values()) {
      yield { o: "s", k: "coll", p: dbOwner, d: collection.read() };
      const owner = [dbOwner[0], collection.read()._rid];
      for (const document of collection.documents._data.values()) yield { o: "s", k: "doc", p: owner, d: document.read() };
      yield counter(collection.documents, "doc", owner);
      for (const udf of collection.userDefinedFunctions._data.values()) yield { o: "s", k: "udf", p: owner, d: udf.read() };
      yield counter(collection.userDefinedFunctions, "udf", owner);
    }
    yield counter(database.collections, "coll", dbOwner);
  }
  yield counter(account.databases, "db", []);
}

// FIX 5: the shipped change feed returns every document once and then 304 for ever, because nothing records when a
// document changed. Every document write now gets a global, increasing `_lsn`; a change-feed read (GET …/docs with
// `A-IM: Incremental Feed`) returns the latest version of each document written after the caller's `If-None-Match`
// LSN, in write order, and answers with the last LSN it returned as its ETag (the SDK's continuation).
const itemsSet = Object.getPrototypeOf(Documents.prototype)._set;
let lastLsn = 0;
Documents.prototype._set = function setWithLsn(data) {
  lastLsn += 1;
  data._lsn = lastLsn; // eslint-disable-line no-param-reassign
  return itemsSet.call(this, data);
};

const readDocumentsModule = load("handler/read-documents.js");
const shippedReadDocuments = readDocumentsModule.default;
readDocumentsModule.default = (account, req, res, params) => {
  if (!req.headers["a-im"]) return shippedReadDocuments(account, req, res, params);
  // Handled here completely: without the header the shared response code does not overwrite our status and ETag.
  delete req.headers["a-im"];
  const documents = account.database(params.dbId).collection(params.collId).documents;
  if (!documents._parent.read()) {
    res.statusCode = 404;
    return { code: "NotFound", message: "Collection does not exist." };
  }
  const ifNoneMatch = req.headers["if-none-match"];
  const since = ifNoneMatch === "*" ? lastLsn : Number.parseInt(ifNoneMatch || "0", 10) || 0;
  const modifiedSince = !ifNoneMatch && req.headers["if-modified-since"] ? Date.parse(req.headers["if-modified-since"]) / 1000 : null;
  const partitionKey = requestPartitionKey(req);
  const keyPath = documents._getPartitionKeyPath();
  const changed = [];
  for (const item of documents._data.values()) {
    const row = item.read();
    if (row._lsn > since && (modifiedSince === null || row._ts >= modifiedSince)
      && (partitionKey === undefined || getValue(keyPath, row) === partitionKey)) {
      changed.push(row);
    }
  }
  changed.sort((a, b) => a._lsn - b._lsn);
  const maxItemCount = Number.parseInt(req.headers["x-ms-max-item-count"] || "-1", 10);
  const page = maxItemCount > 0 ? changed.slice(0, maxItemCount) : changed;
  const continuation = page.length ? page[page.length - 1]._lsn : Math.max(since, ifNoneMatch === "*" ? lastLsn : 0);
  res.setHeader("etag", String(continuation));
  res.setHeader("x-ms-item-count", String(page.length)); // the SDK parses it on 304 too
  if (!page.length) {
    res.statusCode = 304;
    return {};
  }
  res.statusCode = 200;
  return { _rid: documents._parent.read()._rid, Documents: page, _count: page.length };
};

// FIX 1: on Linux the SDK cannot build query plans itself (ServiceInterop is Windows-only) and asks the gateway.
// The server has one physical partition and runs ORDER BY, TOP and filters itself, so a pass-through plan (no
// client-side rewriting, one range covering every key) is the correct answer for the queries it supports.
const passThroughQueryPlan = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {},
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]
});

function answerQueryPlan(req, res) {
  req.resume(); // drain the query body; the plan does not depend on it
  req.on("end", () => {
    res.statusCode = 200;
    res.setHeader("content-type", "application/json");
    res.setHeader("x-ms-request-charge", "0");
    res.setHeader("x-ms-activity-id", require("crypto").randomUUID());
    res.end(passThroughQueryPlan);
  });
}

const { createHttpsServer } = load("index.js");

// The account the server serves (transactional batches reach it directly). Replaced below when a journal is replayed.
let liveAccount = null;
{
  const ShippedAccount = accountModule.default;
  accountModule.default = class ServedAccount extends ShippedAccount {
    constructor(host, port) {
      super(host, port);
      liveAccount = this;
    }
  };
}

// PERSISTENCE: replay before listening, into an account that the server then adopts. The shipped server builds its
// account when it starts listening (its host and port go into the account's own document, which is not journaled),
// so the replayed databases are moved into that account as it is constructed.
if (args.dataDir) {
  const ShippedAccount = Object.getPrototypeOf(accountModule.default); // the shipped class, not ServedAccount
  const restoredAccount = new ShippedAccount(args.host, args.port);
  const restored = { lsn: 0 };
  replaying = true;
  try {
    journal = require("./cosmos-journal").openJournal({
      dir: args.dataDir,
      compactBytes: args.compactBytes,
      apply: op => applyOperation(restoredAccount, op, restored),
      snapshot: () => snapshotOperations(liveAccount),
      log: line => process.stderr.write(`cosmos-server: ${line}\n`)
    });
  } catch (err) {
    process.stderr.write(`cosmos-server: cannot open the journal in ${args.dataDir}: ${err.message}\n`);
    process.exit(1);
  }
  replaying = false;
  lastLsn = Math.max(lastLsn, restored.lsn);
  liveAccount = restoredAccount;
  accountModule.default = class PersistentAccount extends ShippedAccount {
    constructor(host, port) {
      super(host, port);
      this.databases = restoredAccount.databases;
      this.databases._parent = this;
      liveAccount = this;
    }
  };
  const { records, operations, droppedBytes, ms } = journal.replayed;
  process.stderr.write(
    `cosmos-server: journal ${journal.file}: replayed ${records} records (${operations} writes) in ${ms.toFixed(0)} ms` +
      `${droppedBytes ? `, dropped a torn tail of ${droppedBytes} bytes` : ""}\n`
  );
}

// PERSISTENCE: a response leaves only once every write queued before it is on disk. That covers the request's own
// writes, and it also keeps a read from showing another request's write that could still be lost.
function holdUntilDurable(res) {
  const end = res.end;
  res.end = function endWhenDurable(...endArgs) {
    const wait = journal.durable();
    if (!wait) return end.apply(res, endArgs);
    wait.then(() => end.apply(res, endArgs));
    return res;
  };
}

// FIX 7: transactional batches. The .NET SDK sends a batch's operations as HybridRow rows (scripts/cosmos-batch.js),
// which the shipped handler cannot read (it expects the JavaScript SDK's JSON, and does not roll back a failed batch).
// The operations run in one tick, in order; if one fails, the ones before it are undone, so the batch is all or
// nothing, and its writes (and undos) share one journal record, so a crash keeps all of them or none. JSON bodies
// still go to the shipped handler.
const batchCodec = require("./cosmos-batch");

// Where a batch's time goes on the server (issue 23): with TRIBUTARY_COSMOS_BATCH_TIMING=FILE, one line per answered batch
// (milliseconds from its arrival: body read, decode, operations run, then the durable wait and the send). Off by default.
const batchTimingFile = process.env.TRIBUTARY_COSMOS_BATCH_TIMING || null;
const documentOperations = load("handler/_document-operations.js");
const rawBody = require(require.resolve("raw-body", { paths: [lib] }));

// A failed batch, as Cosmos DB answers it: 207 Multi-Status, the failed operation's own status and message, 424 (failed
// dependency) for every other operation. The SDK promotes the failed operation's status to the batch's.
function failedBatch(operations, failedAt, failure) {
  const message = Buffer.from(JSON.stringify({ code: String(failure.statusCode), message: (failure.body && failure.body.message) || "" }), "utf8");
  const results = operations.map((_, i) => (i === failedAt ? { statusCode: failure.statusCode, resourceBody: message } : { statusCode: 424 }));
  return { statusCode: 207, results };
}

// Issue 23: the batch's Create and Upsert, one id lookup each. The shipped way (`upsertOperation`, then `Items.upsert`,
// `replace`, `delete`, `_set`) looked the id up about four times, built a throwaway item on every miss, copied the
// document, and journaled a replace as a delete plus a set, each re-stringified. Here the document is the object just
// parsed from the request, given the same system properties in the same order (_etag, _rid, _self, _ts, then _lsn), and
// its journal record and response body are the JSON received with those properties spliced in before its closing brace,
// which parses to the stored object. A replace is journaled as the set alone: replaying a set removes the old state by
// its _rid first (applyOperation). Returns null for anything unusual, which takes the shipped way.
const SYSTEM_PROPERTIES = ["_etag", "_rid", "_self", "_ts", "_lsn"];
const hasOwn = Object.prototype.hasOwnProperty;

function fastWrite(documents, op, body, text, partition, batch) {
  if ((op.operationType !== "Upsert" && op.operationType !== "Create") || !body.id || documents._uniqueKeyPaths.length !== 1) {
    return null;
  }
  for (const name of SYSTEM_PROPERTIES) if (hasOwn.call(body, name)) return null;
  const key = documents._getId("/id", body.id, partition);
  const found = documents._data.get(documents._index.get(key) || body.id); // Items._toRid's fallback too
  const before = found ? found.read() : null;
  if (before && (before.id !== body.id || documents._getPartition(before) !== partition)) return null;
  if (before && op.operationType === "Create") {
    return { result: { statusCode: 409, body: { code: "Conflict", message: "Resource with specified id already exists." } }, before };
  }
  if (before && op.ifMatch && op.ifMatch !== before._etag) {
    return {
      result: {
        statusCode: 412,
        body: { code: "PreconditionFailed", message: "Operation cannot be performed because one of the specified precondition is not met." }
      },
      before
    };
  }
  let rid;
  let self;
  if (before) {
    ({ _rid: rid, _self: self } = before);
    documents._data.delete(rid); // as Items.replace's delete: the new state goes to the end of the insertion order
  } else {
    documents._ridCount += 1; // eslint-disable-line no-param-reassign
    rid = documents._rid(documents._ridCount);
    self = documents._self(rid);
  }
  const doc = body;
  doc._etag = crypto.randomUUID();
  doc._rid = rid;
  doc._self = self;
  doc._ts = Math.floor(Date.now() / 1e3);
  lastLsn += 1;
  doc._lsn = lastLsn;
  documents._index.set(key, rid);
  documents._data.set(rid, documents._newItem(doc));
  let json = null;
  if (journal || !op.minimalReturnPreference) {
    const close = text.lastIndexOf("}");
    json = `${text.slice(0, close)},"_etag":${JSON.stringify(doc._etag)},"_rid":${JSON.stringify(rid)},` +
      `"_self":${JSON.stringify(self)},"_ts":${doc._ts},"_lsn":${doc._lsn}}`;
  }
  if (journal) {
    if (batch.owner === undefined) batch.owner = JSON.stringify(ownerOf(documents, "doc")); // eslint-disable-line no-param-reassign
    journal.recordText(`{"o":"s","k":"doc","p":${batch.owner},"d":${json},"r":${documents._ridCount}}`);
  }
  return { result: { statusCode: before ? 200 : 201, body: doc }, before, json };
}

function runBatch(collection, partitionHeader, operations) {
  const keyPath = collection.documents._getPartitionKeyPath();
  const partitionKey = (() => {
    try {
      return parsePartitionKey(partitionHeader);
    } catch (err) {
      return undefined;
    }
  })();
  const undo = [];
  const results = [];
  const batch = {};
  for (let i = 0; i < operations.length; i += 1) {
    const op = operations[i];
    let result;
    let body;
    let text;
    let json;
    if (op.resourceBody) {
      try {
        text = op.resourceBody.toString("utf8");
        body = JSON.parse(text);
      } catch (err) {
        result = { statusCode: 400, body: { message: "the resource body is not JSON" } };
      }
    }
    const id = body && typeof body === "object" ? body.id : op.id;
    if (!result && body !== undefined && (typeof body !== "object" || body === null || getValue(keyPath, body) !== partitionKey)) {
      // A document outside the batch's partition (real Cosmos: 400 too).
      result = { statusCode: 400, body: { message: "the document's partition key is not the batch's" } };
    }
    const fast = !result && body !== undefined && !Array.isArray(body)
      ? fastWrite(collection.documents, op, body, text, partitionKey, batch) : null;
    if (fast) {
      ({ result, json } = fast);
      if (result.statusCode < 400) undo.push({ id, before: fast.before });
    } else if (!result) {
      const before = id === undefined ? null : collection.document(id, partitionKey).read() || null;
      const input = { partitionKey: partitionHeader, id: op.id, ifMatch: op.ifMatch, resourceBody: body };
      switch (op.operationType) {
        case "Create":
          result = documentOperations.createOperation(collection, input);
          break;
        case "Upsert":
          result = documentOperations.upsertOperation(collection, input);
          break;
        case "Replace":
          result = documentOperations.replaceOperation(collection, input);
          break;
        case "Delete":
          result = documentOperations.deleteOperation(collection, input);
          break;
        case "Read":
          result = documentOperations.readOperation(collection, input);
          break;
        default:
          result = { statusCode: 400, body: { message: `operation type ${op.operationCode} is not supported in a batch` } };
      }
      if (result.statusCode < 400 && op.operationType !== "Read") undo.push({ id, before });
    }
    if (result.statusCode >= 400) {
      for (let j = undo.length - 1; j >= 0; j -= 1) {
        const { id: undoId, before } = undo[j];
        if (collection.document(undoId, partitionKey).read()) collection.documents.delete(undoId, partitionKey);
        if (before) itemsSet.call(collection.documents, before); // exactly as it was: same _etag, _ts and _lsn (journaled)
      }
      return failedBatch(operations, i, result);
    }
    const stored = result.body && result.body._etag ? result.body : null;
    results.push({
      statusCode: result.statusCode,
      eTag: stored ? stored._etag : undefined,
      resourceBody: stored && !op.minimalReturnPreference ? Buffer.from(json || JSON.stringify(stored), "utf8") : undefined
    });
  }
  return { statusCode: 200, results };
}

function answerBatch(req, res) {
  const finish = (statusCode, body, contentType) => {
    res.statusCode = statusCode;
    res.setHeader("content-type", contentType);
    res.setHeader("connection", args.connectionClose ? "close" : "keep-alive");
    res.setHeader("x-ms-activity-id", require("crypto").randomUUID());
    res.setHeader("x-ms-request-charge", "1");
    res.end(body);
  };
  const problem = (statusCode, message) => finish(statusCode, JSON.stringify({ code: "BadRequest", message }), "application/json");
  const arrived = process.hrtime.bigint();
  const sinceArrival = () => Number(process.hrtime.bigint() - arrived) / 1e6;
  rawBody(req, { limit: batchCodec.MAX_BODY_BYTES })
    .then(body => {
      const read = sinceArrival();
      if (body[0] !== batchCodec.VERSION) {
        // The JavaScript SDK's JSON batch: replay the body into the shipped handler.
        const replay = require("stream").Readable.from([body]);
        Object.assign(replay, { headers: req.headers, method: req.method, url: req.url });
        shippedListener(replay, res);
        return;
      }
      const match = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/.exec(req.url.split("?")[0]);
      if (req.method !== "POST" || !match) {
        problem(400, "a batch is POSTed to /dbs/{db}/colls/{coll}/docs");
        return;
      }
      let operations;
      try {
        operations = batchCodec.decodeOperations(body);
      } catch (err) {
        if (err instanceof batchCodec.BatchFormatError) {
          problem(400, `cannot read the batch: ${err.message}`);
          return;
        }
        throw err;
      }
      const collection = liveAccount.database(decodeURIComponent(match[1])).collection(decodeURIComponent(match[2]));
      if (!collection.read()) {
        problem(404, "the container does not exist");
        return;
      }
      const header = req.headers["x-ms-documentdb-partitionkey"];
      const decoded = sinceArrival();
      const outcome = runBatch(collection, Array.isArray(header) ? header[0] : header, operations);
      if (batchTimingFile) {
        const ran = sinceArrival();
        res.on("finish", () => require("fs").appendFile(batchTimingFile,
          `${Date.now()} ops ${operations.length} bytes ${body.length} read ${read.toFixed(1)} decode ${(decoded - read).toFixed(1)} ` +
            `run ${(ran - decoded).toFixed(1)} durable+send ${(sinceArrival() - ran).toFixed(1)}\n`, () => {}));
      }
      finish(outcome.statusCode, batchCodec.encodeResults(outcome.results), "application/octet-stream");
    })
    .catch(err => {
      const tooLarge = err && err.type === "entity.too.large";
      process.stderr.write(`cosmos-server: batch failed: ${err && err.stack}\n`);
      if (!res.headersSent) problem(tooLarge ? 413 : 500, tooLarge ? "the batch body is too large" : String(err && err.message));
    });
}

// FIX 4: the shipped server answers `Connection: close`, so every request pays a TLS handshake (300-650 writes/s).
// keepAlive makes it answer `keep-alive`, and the long timeout outlives the SDK's pooled-connection idle time so the
// client never reuses a socket the server is closing.
const server = createHttpsServer({ keepAlive: !args.connectionClose });
server.keepAliveTimeout = args.keepAliveSeconds * 1000;
server.headersTimeout = args.keepAliveSeconds * 1000 + 1000;
server.requestTimeout = 0;

const [shippedListener] = server.listeners("request");
server.removeAllListeners("request");
server.on("request", (req, res) => {
  if (trueHeader(req, "x-ms-cosmos-is-query-plan-request")) {
    answerQueryPlan(req, res);
    return;
  }
  if (journal) holdUntilDurable(res);
  if (trueHeader(req, "x-ms-cosmos-is-batch-request")) {
    answerBatch(req, res);
    return;
  }
  shippedListener(req, res);
});

let retriedOnAnyPort = false;
server.on("error", err => {
  if (err.code === "EADDRINUSE" && args.anyPortIfTaken && !retriedOnAnyPort) {
    retriedOnAnyPort = true;
    process.stderr.write(`cosmos-server: port ${args.port} is taken; listening on a free port instead\n`);
    server.listen(0, args.host);
    return;
  }
  process.stderr.write(`cosmos-server: ${err.message}\n`);
  process.exit(1);
});

server.on("listening", () => {
  const { port } = server.address();
  const host = args.host.includes(":") ? `[${args.host}]` : args.host;
  process.stdout.write(`cosmos-server listening on https://${host}:${port}\n`);
});
server.listen(args.port, args.host);

// Stop cleanly when signalled; LocalEmulators kills the process tree regardless (and preloads exit-with-parent.js).
// Every acknowledged write is already fsynced, so exiting at once loses nothing.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}
