// Preloaded (`node --require scripts/azurite-extent-writes.js …`) into Azurite when it keeps its data on disk, before
// scripts/azurite-block-hash.js (which wraps what this replaces).
//
// Azurite writes each Put Block and Put Blob body into its extent file through an fs.WriteStream: every socket chunk (up
// to 64 KiB) becomes a write(2) on libuv's thread pool, a hand-off to a pool thread and back, and chunks that arrive
// while one is in flight are gathered into a writev of chunks no longer in the CPU's cache. A `perf` profile of Azurite
// under streamed 4 MiB blocks put 12 % of its CPU in those task switches and wake-ups (docs/pipeline.md, round 7). Here
// each chunk is written with writeSync on Azurite's own thread as it arrives, while it is still in cache; the extent's
// fdatasync before the answer stays (on the pool, as before), so an acknowledged block is on disk exactly as before.
// `bench -- blob-bytes --small 0 --mib 1024`: Azurite CPU-s per GiB 3.15–3.68 before, 2.38–3.09 with this (round 9).
//
// The cost: a chunk's copy into the page cache (tens of microseconds; longer if the kernel throttles a heavy writer)
// now holds Azurite's event loop, where before it held a pool thread.
//
// Everything else is Azurite's streamPipe as shipped: the same byte count, the extent fdatasync'ed before it resolves,
// the body's end or close (an aborted request) ending the append, a read or write error rejecting it (Azurite then
// truncates the extent back to where the append began). Nothing in node_modules is edited.
"use strict";

const fs = require("fs");
const path = require("path");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const FSExtentStore = require(path.join(azurite, "dist", "src", "common", "persistence", "FSExtentStore.js")).default;

if (FSExtentStore.prototype.streamPipe.name !== "streamPipe") {
  // Another preload already wrapped Azurite's streamPipe; replacing it now would silently drop that wrapper.
  throw new Error("azurite-extent-writes.js must be preloaded before any preload that wraps FSExtentStore.streamPipe (azurite-block-hash.js)");
}

FSExtentStore.prototype.streamPipe = function writeEachChunkAsItArrives(rs, ws, fd, contextId) {
  // `ws` (a WriteStream on the shared, cached fd, autoClose off) is left untouched: destroying it would close that fd.
  return new Promise((resolve, reject) => {
    let count = 0;
    let settled = false;
    const fail = err => {
      if (settled) return;
      settled = true;
      this.logger.debug(`FSExtentStore:streamPipe() failed after ${count} bytes: ${err && err.message}`, contextId);
      reject(err);
    };
    rs.on("data", chunk => {
      if (settled) return;
      try {
        for (let written = 0; written < chunk.length; ) written += fs.writeSync(fd, chunk, written, chunk.length - written);
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
};
