// Preloaded (`node --require scripts/azurite-block-hash.js …`) into Azurite, on disk and in memory.
//
// Azurite stores each Put Block and Put Blob body in an extent, then reads the stored bytes back from the extent to
// compute their MD5: for a block only to check a Content-MD5 the client sent (none of our clients sends one; the result
// is otherwise thrown away), for a blob to keep it as the blob's Content-MD5 property. A CPU profile of Azurite over a
// 2M-row gen run (1.5 GB at 10M rows, all of it staged blocks) had that read-back and hash as a third of Azurite's CPU.
// Here, per request:
//   - a block sent without Content-MD5 is not read back or hashed at all (Azurite keeps no MD5 for blocks);
//   - otherwise (a block with Content-MD5, or any Put Blob) the bytes are hashed as they are written to the extent, on
//     disk, and Azurite is handed that digest instead of re-reading the file. In memory the read-back stays (no file).
// Azurite's own code decides everything else (the MD5 check, the 400 on a mismatch, the stored property). Requests are
// told apart by Azurite's per-request context id, which is what the extent store's calls carry. Nothing in
// node_modules is edited.
"use strict";

const crypto = require("crypto");
const path = require("path");
const { Readable } = require("stream");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const load = file => require(path.join(azurite, "dist", "src", file));
const BlockBlobHandler = load("blob/handlers/BlockBlobHandler.js").default;
const FSExtentStore = load("common/persistence/FSExtentStore.js").default;
const MemoryExtentStore = load("common/persistence/MemoryExtentStore.js").default;
const utils = load("common/utils/utils.js");

const DIGEST = Symbol("tributary.md5");

/** The hash plan of each request in a handler below, by context id: {skip} or {hash, digest}. */
const plans = new Map();

function planEach(method, planFor) {
  const handle = BlockBlobHandler.prototype[method];
  BlockBlobHandler.prototype[method] = async function withHashPlan(...args) {
    const context = args[args.length - 1];
    const id = context && context.contextId;
    if (id === undefined || plans.has(id)) return handle.apply(this, args);
    plans.set(id, planFor(context));
    try {
      return await handle.apply(this, args);
    } finally {
      plans.delete(id);
    }
  };
}

// The same test as Azurite's: only these headers make it compare the block's MD5.
const sentMd5 = context => Boolean(context.request.getHeader("content-md5") || context.request.getHeader("x-ms-blob-content-md5"));
planEach("stageBlock", context => (sentMd5(context) ? { digest: null } : { skip: true }));
planEach("upload", () => ({ digest: null }));

// Writing the body to an extent file: hash each chunk as it goes by (the same chunks the write stream gets).
const streamPipe = FSExtentStore.prototype.streamPipe;
FSExtentStore.prototype.streamPipe = async function hashWhileWriting(rs, ws, fd, contextId) {
  const plan = plans.get(contextId);
  if (!plan || plan.skip || plan.hash) return streamPipe.call(this, rs, ws, fd, contextId);
  const hash = (plan.hash = crypto.createHash("md5"));
  rs.on("data", chunk => hash.update(chunk)); // before streamPipe's own listener; flowing starts on the next tick
  const count = await streamPipe.call(this, rs, ws, fd, contextId);
  plan.digest = hash.digest();
  return count;
};

// The read-back right after the append: nothing to read when the digest is known or not wanted. Only the first read of
// the request is answered so; any other read goes to the extent.
for (const Store of [FSExtentStore, MemoryExtentStore]) {
  const readExtent = Store.prototype.readExtent;
  Store.prototype.readExtent = async function readBackOnlyWhenNeeded(extentChunk, contextId) {
    const plan = plans.get(contextId);
    if (!plan || plan.answered || !(plan.skip || plan.digest)) return readExtent.call(this, extentChunk, contextId);
    plan.answered = true;
    const empty = Readable.from([]);
    if (plan.digest) empty[DIGEST] = plan.digest;
    return empty;
  };
}

const getMD5FromStream = utils.getMD5FromStream;
utils.getMD5FromStream = function md5OfStreamOrKnown(stream) {
  if (stream && stream[DIGEST]) {
    stream.resume(); // an empty stream; let it end
    return Promise.resolve(stream[DIGEST]);
  }
  return getMD5FromStream(stream);
};
