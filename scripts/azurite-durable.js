// Preloaded (`node --require scripts/azurite-durable.js …`) into Azurite when it keeps its data on disk.
//
// Azurite keeps its metadata (containers, blob lists, queue messages, table entities) in LokiJS databases that it
// saves every 5 s, so a kill -9 loses up to 5 s of acknowledged writes: a created container, an enqueued message, a
// table row. Here every HTTP response waits until each database with unsaved changes (or a save in flight, which
// may hold this request's change) has been written, so an acknowledged write is on disk before the client hears of
// it. Loki serialises saves itself and coalesces the ones requested while a save runs (group commit). The save
// writes a temp file, fdatasyncs it and renames it over the database (Loki's own adapter renames without a sync).
// Blob contents (extents) are written by Azurite before its metadata, so they are in the file system first.
// Nothing in node_modules is edited.
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");

const azurite = path.dirname(require.resolve("azurite/package.json", { paths: [path.join(__dirname, "..")] }));
const Loki = require(require.resolve("lokijs", { paths: [azurite] }));
const databases = new Set();

const configureOptions = Loki.prototype.configureOptions;
Loki.prototype.configureOptions = function trackFileDatabases(options, initialConfig) {
  const result = configureOptions.call(this, options, initialConfig);
  if (options && options.persistenceMethod === "fs") databases.add(this);
  return result;
};

Loki.LokiFsAdapter.prototype.saveDatabase = function saveSynced(dbname, dbstring, callback) {
  const temp = `${dbname}~`;
  fs.open(temp, "w", (openError, fd) => {
    if (openError) {
      callback(new Error(openError));
      return;
    }
    fs.writeFile(fd, dbstring, writeError => {
      const finish = syncError => fs.close(fd, closeError => {
        const error = writeError || syncError || closeError;
        if (error) callback(new Error(error));
        else fs.rename(temp, dbname, callback);
      });
      if (writeError) finish();
      else fs.fdatasync(fd, finish);
    });
  });
};

function saved(db) {
  return new Promise(resolve => db.saveDatabase(err => {
    if (err) {
      // Fail stop: a write that could not be saved must never be acknowledged.
      process.stderr.write(`azurite-durable: saving ${db.filename} failed, stopping: ${err.message}\n`);
      process.exit(1);
    }
    resolve();
  }));
}

const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function endWhenSaved(...args) {
  const pending = [];
  for (const db of databases) {
    if (db.autosaveDirty() || db.throttledSavePending) pending.push(saved(db));
  }
  if (!pending.length) return end.apply(this, args);
  Promise.all(pending).then(() => end.apply(this, args));
  return this;
};
