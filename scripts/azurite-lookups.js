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
//
// Tables: Azurite answers an entity query by running its filter over every entity of the table in JS, then sorting. The
// Durable Task provider reads an orchestration's history with `PartitionKey eq '<instance>'` (and more terms), and its
// History table keeps every run's rows, so each orchestration episode cost O(rows of every run kept), growing with the
// age of a `serve`. Here a query whose filter requires one PartitionKey (an equality alone or among and-ed terms) first
// takes that partition's entities from the collection's PartitionKey index, then runs Azurite's own filter, paging and
// sort over them: the same answer from O(its rows). Any other filter goes the original way.
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

const tables = path.join(azurite, "dist/src/table/persistence");
const TableStore = require(path.join(tables, "LokiTableMetadataStore.js")).default;
const QueryGenerator = require(path.join(tables, "LokiTableStoreQueryGenerator.js")).default;
const parseQuery = require(path.join(tables, "QueryInterpreter/QueryParser.js")).default;
const node = name => require(path.join(tables, "QueryInterpreter/QueryNodes", `${name}.js`)).default;
const [AndNode, EqualsNode, IdentifierNode, ConstantNode] = ["AndNode", "EqualsNode", "IdentifierNode", "ConstantNode"].map(node);

/** The one PartitionKey every match of the filter has (an equality alone or under and-ed terms), else undefined. */
function requiredPartitionKey(filter) {
  if (typeof filter !== "string" || !filter.includes("PartitionKey")) {
    return undefined;
  }

  let tree;
  try {
    tree = parseQuery(filter);
  } catch {
    return undefined; // Azurite's own path reports the syntax error
  }

  const find = n => {
    if (n instanceof AndNode) {
      return find(n.left) ?? find(n.right);
    }

    if (n instanceof EqualsNode) {
      const [id, value] = n.left instanceof IdentifierNode ? [n.left, n.right] : [n.right, n.left];
      if (id instanceof IdentifierNode && id.identifier === "PartitionKey" && value instanceof ConstantNode && typeof value.value === "string") {
        return value.value;
      }
    }

    return undefined;
  };
  return find(tree);
}

const queryEntities = TableStore.prototype.queryTableEntities;
if (typeof queryEntities !== "function") {
  throw new Error("azurite-lookups.js: LokiTableMetadataStore.queryTableEntities is gone; this Azurite version needs a new preload");
}

// Azurite 3.35's queryTableEntities with one change: the chain starts from the partition's entities (find on the index).
TableStore.prototype.queryTableEntities = async function partitionFirst(context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
  const partitionKey = requiredPartitionKey(queryOptions && queryOptions.filter);
  if (partitionKey === undefined) {
    return queryEntities.call(this, context, account, table, queryOptions, nextPartitionKey, nextRowKey);
  }

  const collection = this.getEntityCollection(account, table, context);
  const queryWhere = QueryGenerator.generateQueryForPersistenceLayer(queryOptions, context);
  const maxResults = this.getMaxResultsOption(queryOptions);
  const afterPartition = this.decodeContinuationHeader(nextPartitionKey);
  const afterRow = this.decodeContinuationHeader(nextRowKey);
  const result = collection
    .chain()
    .find({ PartitionKey: partitionKey })
    .where(queryWhere)
    .where(data => {
      if (afterPartition !== undefined && data.PartitionKey > afterPartition) {
        return true;
      }

      if (afterRow !== undefined) {
        return data.RowKey >= afterRow && (data.PartitionKey === afterPartition || data.PartitionKey === undefined);
      }

      return !(afterPartition !== undefined && data.PartitionKey < afterPartition);
    })
    .sort((a, b) => {
      if (a.PartitionKey > b.PartitionKey) {
        return 1;
      }

      if (a.PartitionKey === b.PartitionKey) {
        return a.RowKey > b.RowKey ? 1 : a.RowKey === b.RowKey ? 0 : -1;
      }

      return -1;
    })
    .limit(maxResults + 1)
    .data();
  const response = this.adjustQueryResultforTop(result, maxResults);
  return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
};

module.exports = { selectiveFirst, requiredPartitionKey };
