// Transactional batches for scripts/cosmos-server.js: the .NET SDK's `Container.CreateTransactionalBatch` sends its
// operations as HybridRow rows in a RecordIO stream (not JSON) and reads its results the same way, so the shipped
// server answered 500. This module decodes the request body, runs the operations all or nothing, and encodes the results.
//
// Formats (github.com/microsoft/HybridRow, docs Grammar.md and RecordIO.md; the batch schemas are the SDK's
// Batch/HybridRowBatchSchemas.json). Integers are little-endian; varuint is 7 bits a byte, low bits first.
//   row      = version (u8 0x81) | schema id (i32) | presence bits (1 per nullable schematized column) | fixed columns |
//              variable columns that are present (varuint length | bytes) | sparse fields (type code | path token | value)
//   stream   = segment row (schema 2147473648: `length` i32, the segment row's own size) |
//              { record row (schema 2147473649: body length i32, CRC-32 u32 of the body) | body row }
//   BatchOperation (schema 2145473648): fixed operationType, resourceType (i32); variable partitionKey,
//              effectivePartitionKey, id, binaryId, resourceBody (JSON bytes); sparse indexingDirective, ifMatch,
//              ifNoneMatch (utf8), timeToLiveInSeconds (i32), minimalReturnPreference (bool)
//   BatchResult (schema 2145473649): fixed statusCode, subStatusCode (i32); variable eTag, resourceBody
// Sparse path tokens number every column of the schema from 1 in schema order (0 is the empty path).
"use strict";

const { crc32 } = require("./cosmos-journal");

const VERSION = 0x81;
const SEGMENT_SCHEMA = 2147473648;
const RECORD_SCHEMA = 2147473649;
const OPERATION_SCHEMA = 2145473648;
const RESULT_SCHEMA = 2145473649;

// Cosmos DB's own limit on a transactional batch, and a cap on the request body the server reads.
const MAX_OPERATIONS = 100;
const MAX_BODY_BYTES = 4 << 20;

// Microsoft.Azure.Documents.OperationType values the SDK writes, as the shipped handlers name them.
const OPERATION_TYPES = { 0: "Create", 2: "Read", 4: "Delete", 5: "Replace", 20: "Upsert" };

const OPERATION_VARIABLE = ["partitionKey", "effectivePartitionKey", "id", "binaryId", "resourceBody"];
const OPERATION_SPARSE = { 8: "indexingDirective", 9: "ifMatch", 10: "ifNoneMatch", 11: "timeToLiveInSeconds", 12: "minimalReturnPreference" };

// Layout codes of the sparse values the operation schema allows.
const CODE_BOOLEAN_FALSE = 2;
const CODE_BOOLEAN = 3;
const CODE_INT32 = 7;
const CODE_UTF8 = 20;

class BatchFormatError extends Error {}

class Reader {
  constructor(buffer, start, end) {
    this.buffer = buffer;
    this.offset = start;
    this.end = end;
  }

  need(bytes) {
    if (this.offset + bytes > this.end) throw new BatchFormatError("the batch body ends inside a row");
  }

  u8() {
    this.need(1);
    return this.buffer[this.offset++];
  }

  i32() {
    this.need(4);
    const value = this.buffer.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  u32() {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  varuint() {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 5; i += 1) {
      const byte = this.u8();
      value += (byte & 0x7f) * factor;
      if (byte < 0x80) return value;
      factor *= 128;
    }
    throw new BatchFormatError("a length in the batch body is too long");
  }

  bytes(length) {
    this.need(length);
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

function expectHeader(reader, schema, what) {
  const version = reader.u8();
  const id = reader.i32();
  if (version !== VERSION || id !== schema) {
    throw new BatchFormatError(`expected a ${what} row (HybridRow v1, schema ${schema}), found version ${version}, schema ${id}`);
  }
}

function decodeOperation(buffer, start, end) {
  const reader = new Reader(buffer, start, end);
  expectHeader(reader, OPERATION_SCHEMA, "BatchOperation");
  const present = reader.u8();
  const operationType = reader.i32();
  reader.i32(); // resourceType: always Document from the SDK
  if (!(present & 1)) throw new BatchFormatError("an operation has no operationType");
  const operation = { operationType: OPERATION_TYPES[operationType], operationCode: operationType };
  OPERATION_VARIABLE.forEach((name, index) => {
    if (present & (1 << (2 + index))) operation[name] = reader.bytes(reader.varuint());
  });
  while (reader.offset < end) {
    const code = reader.u8();
    const name = OPERATION_SPARSE[reader.varuint()];
    if (!name) throw new BatchFormatError("an operation has a field outside the batch schema");
    if (code === CODE_BOOLEAN || code === CODE_BOOLEAN_FALSE) operation[name] = code === CODE_BOOLEAN;
    else if (code === CODE_INT32) operation[name] = reader.i32();
    else if (code === CODE_UTF8) operation[name] = reader.bytes(reader.varuint()).toString("utf8");
    else throw new BatchFormatError(`an operation's ${name} has layout code ${code}`);
  }
  for (const name of ["partitionKey", "id"]) {
    if (operation[name]) operation[name] = operation[name].toString("utf8");
  }
  return operation;
}

/** The operations of a batch request body, in order; throws BatchFormatError for anything else. */
function decodeOperations(body) {
  const reader = new Reader(body, 0, body.length);
  const segmentStart = reader.offset;
  expectHeader(reader, SEGMENT_SCHEMA, "RecordIO segment");
  reader.u8(); // presence bits
  const segmentLength = reader.i32();
  if (segmentLength < reader.offset - segmentStart || segmentStart + segmentLength > body.length) {
    throw new BatchFormatError("the RecordIO segment header has a bad length");
  }
  reader.offset = segmentStart + segmentLength; // skips the segment's optional comment and schema text
  const operations = [];
  while (reader.offset < body.length) {
    expectHeader(reader, RECORD_SCHEMA, "RecordIO record");
    const length = reader.i32();
    const crc = reader.u32();
    if (length < 0) throw new BatchFormatError("a record has a negative length");
    const start = reader.offset;
    const row = reader.bytes(length);
    if (crc32(row) !== crc) throw new BatchFormatError(`operation ${operations.length} fails its CRC-32`);
    operations.push(decodeOperation(body, start, start + length));
    if (operations.length > MAX_OPERATIONS) throw new BatchFormatError(`a batch holds at most ${MAX_OPERATIONS} operations`);
  }
  return operations;
}

function varuintSize(value) {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size += 1;
  return size;
}

function writeVaruint(buffer, offset, value) {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    buffer[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  buffer[at++] = rest;
  return at;
}

function writeHeader(buffer, offset, schema) {
  buffer[offset] = VERSION;
  buffer.writeInt32LE(schema, offset + 1);
  return offset + 5;
}

// A BatchResult row: header, presence bits, statusCode and subStatusCode, then eTag and resourceBody when present.
function resultRowSize(eTagBytes, resourceBody) {
  let size = 5 + 9;
  if (eTagBytes) size += varuintSize(eTagBytes) + eTagBytes;
  if (resourceBody) size += varuintSize(resourceBody.length) + resourceBody.length;
  return size;
}

/** A RecordIO stream of BatchResult rows: [{statusCode, eTag?, resourceBody? (Buffer)}], written into one buffer. */
function encodeResults(results) {
  const eTagBytes = results.map(result => (result.eTag ? Buffer.byteLength(result.eTag, "utf8") : 0));
  let total = 10;
  results.forEach((result, i) => {
    total += 13 + resultRowSize(eTagBytes[i], result.resourceBody);
  });
  const buffer = Buffer.allocUnsafe(total);
  let at = writeHeader(buffer, 0, SEGMENT_SCHEMA);
  buffer[at] = 1; // `length` present
  buffer.writeInt32LE(10, at + 1); // the segment row's own size: header 5 + presence 1 + length 4
  at += 5;
  results.forEach(({ statusCode, eTag, resourceBody }, i) => {
    const rowLength = resultRowSize(eTagBytes[i], resourceBody);
    at = writeHeader(buffer, at, RECORD_SCHEMA);
    buffer.writeInt32LE(rowLength, at);
    const crcAt = at + 4;
    const rowStart = at + 8;
    at = writeHeader(buffer, rowStart, RESULT_SCHEMA);
    buffer[at] = 0b11 | (eTag ? 0b100 : 0) | (resourceBody ? 0b1000 : 0); // statusCode, subStatusCode, eTag, resourceBody
    buffer.writeInt32LE(statusCode, at + 1);
    buffer.writeInt32LE(0, at + 5);
    at += 9;
    if (eTag) {
      at = writeVaruint(buffer, at, eTagBytes[i]);
      at += buffer.write(eTag, at, "utf8");
    }
    if (resourceBody) {
      at = writeVaruint(buffer, at, resourceBody.length);
      at += resourceBody.copy(buffer, at);
    }
    buffer.writeUInt32LE(crc32(buffer.subarray(rowStart, at)), crcAt);
  });
  return buffer;
}

module.exports = { decodeOperations, encodeResults, BatchFormatError, MAX_OPERATIONS, MAX_BODY_BYTES, VERSION };
