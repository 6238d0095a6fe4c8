// Preloaded (`node --require scripts/azurite-indexed-lookups.js …`) into Azurite, on disk and in memory.
//
// Azurite finds a blob (and a container, and a block) with a LokiJS query such as {accountName, containerName, name,
// snapshot}. Loki answers a query of several keys from the binary index of its *first* key only and filters the rest
// one document at a time; the first key is the account, which every blob shares, so each Put Blob scanned every blob
// Azurite kept (8-14 % of Azurite's CPU at 3,000 blobs in a `perf` profile, growing with every blob kept). Here a
// findOne whose query names an indexed `name` starts with it: the index narrows the search to the documents of that
// name, and the other keys filter those few. The answer is the same: the query is a conjunction of equalities, the
// documents matching all of it share every key's value, and each index places a document among its equals the same way
// (Loki inserts it at the start of its run of equal values, and sorts them alike when it rebuilds), so any index lists
// them in the same order. Azurite's lookups by account, container, name (and snapshot) match one document anyway.
// Nothing in node_modules is edited.
"use strict";

const path = require("path");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const Loki = require(require.resolve("lokijs", { paths: [azurite] }));

const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function findOneByNameFirst(query) {
  if (query && typeof query === "object" && !Array.isArray(query) && this.binaryIndices && this.binaryIndices.name) {
    const keys = Object.keys(query);
    if (keys.length > 1 && keys[0] !== "name" && keys.includes("name") && !keys.some(key => key.startsWith("$"))) {
      const reordered = { name: query.name };
      for (const key of keys) if (key !== "name") reordered[key] = query[key];
      return findOne.call(this, reordered);
    }
  }
  return findOne.call(this, query);
};
