// Preloaded (`node --require scripts/azurite-lookups.js …`) into Azurite, in memory and on disk.
//
// Azurite finds a blob, container, queue or block with LokiJS `findOne({accountName, containerName, name, …})`. LokiJS
// turns a query of several properties into an $and evaluated in the order written, and only the first uses a binary
// index: accountName, the same for every blob of the account, so each lookup scanned every blob there. A put, a
// properties read, a metadata write or a delete cost O(blobs in the account): the run index of 10,000 runs (30,000
// small blobs) took 484 s to build, most of it in these scans (a node probe: 2,000 lookups among 30,000 blobs, 12.4 s in
// the written order, 0.07 s with `name` first).
//
// Here `findOne`, `count` and `findAndRemove` (whose answers do not depend on the order of the $and: a unique match, a
// count, every match removed) see the most selective indexed property first: `name`, else `blobName`. `find` is left
// as it is, since the order of its results can follow the index it starts from. Nothing in node_modules is edited.
"use strict";

const path = require("path");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const Loki = require(require.resolve("lokijs", { paths: [azurite] }));

const SELECTIVE = ["name", "blobName"];

/** The query with its most selective equality first; any other query as it is. */
function selectiveFirst(query) {
  if (query === null || typeof query !== "object" || Array.isArray(query)) {
    return query;
  }

  const keys = Object.keys(query);
  const first = SELECTIVE.find(key => keys.includes(key) && typeof query[key] === "string");
  if (first === undefined || keys.length < 2 || keys[0] === first || keys.some(key => key.startsWith("$"))) {
    return query;
  }

  const reordered = { [first]: query[first] };
  for (const key of keys) {
    if (key !== first) {
      reordered[key] = query[key];
    }
  }

  return reordered;
}

for (const method of ["findOne", "count", "findAndRemove"]) {
  const original = Loki.Collection.prototype[method];
  Loki.Collection.prototype[method] = function selectiveLookup(query, ...rest) {
    return original.call(this, selectiveFirst(query), ...rest);
  };
}

module.exports = { selectiveFirst };
