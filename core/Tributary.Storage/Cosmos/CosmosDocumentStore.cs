using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// Result documents (series, breaks, manifests) in the containers of infra/cosmos-containers.json. Documents are
/// serialised with <see cref="CosmosJson.Options"/> (camelCase, string enums); the store writes the <c>id</c> and the
/// container's partition-key property itself, so document types need not carry them (if they do, they must agree).
/// Every call names its partition: all reads are single-partition, which is what the partition keys were chosen for.
/// </summary>
public sealed class CosmosDocumentStore : IDocumentStore
{
    private const int MaxPageSize = 1000;
    private readonly Database _database;
    private readonly CosmosSchema _schema;

    /// <summary>Stores documents in <paramref name="database"/>, whose containers follow <paramref name="schema"/> (default: the embedded one).</summary>
    public CosmosDocumentStore(Database database, CosmosSchema? schema = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _schema = schema ?? CosmosSchema.Embedded;
    }

    /// <inheritdoc />
    public async Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        var (target, body) = Prepare(container, partitionKey, id, document);
        using (body)
        using (var response = await target.UpsertItemStreamAsync(body, new PartitionKey(partitionKey), NoContent, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
            return response.Headers.ETag;
        }
    }

    /// <inheritdoc />
    public async Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        var target = ContainerFor(container, partitionKey, id);
        using var response = await target.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var document = await CosmosStreams.DeserializeAsync<T>(response, cancellationToken);
        return new StoredDocument<T>(document, response.Headers.ETag);
    }

    /// <inheritdoc />
    public async Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ifMatchETag);
        var (target, body) = Prepare(container, partitionKey, id, document);
        using (body)
        using (var response = await target.ReplaceItemStreamAsync(
                   body, id, new PartitionKey(partitionKey), new ItemRequestOptions { IfMatchEtag = ifMatchETag, EnableContentResponseOnWrite = false }, cancellationToken))
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.PreconditionFailed:
                    throw new ConcurrencyConflictException($"{container}/{partitionKey}/{id} was changed by another writer (ETag {ifMatchETag} is stale).");
                case HttpStatusCode.NotFound:
                    throw new ConcurrencyConflictException($"{container}/{partitionKey}/{id} no longer exists.");
            }

            response.EnsureSuccessStatusCode();
            return response.Headers.ETag;
        }
    }

    /// <summary>
    /// One page of the partition's documents whose top-level properties equal the given strings (all must match),
    /// ordered by id so pages are stable. Property names must be plain identifiers; values are compared as strings.
    /// </summary>
    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        QueryAsync<T>(container, partitionKey, equals, null, pageSize, continuationToken, cancellationToken);

    /// <inheritdoc />
    public async Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(equals);
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"pageSize must be between 1 and {MaxPageSize}.");
        }

        var target = _database.GetContainer(_schema.Container(container).Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionKey);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey), MaxItemCount = pageSize };
        var (items, continuation) = await CosmosStreams.ReadNonEmptyPageAsync<T>(target, BuildQuery(equals, order), continuationToken, options, cancellationToken);
        return new DocumentPage<T>(items, continuation);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        var target = ContainerFor(container, partitionKey, id);
        using var response = await target.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <inheritdoc />
    public async Task UpsertManyAsync<T>(string container, string partitionKey, IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var batches = new List<List<MemoryStream>>();
        var current = new List<MemoryStream>();
        var currentBytes = 0L;
        Container? target = null;
        try
        {
            foreach (var (id, document) in documents)
            {
                var (into, body) = Prepare(container, partitionKey, id, document);
                target = into;
                if (current.Count == MaxBatchOperations || (current.Count > 0 && currentBytes + body.Length > MaxBatchBytes))
                {
                    batches.Add(current);
                    current = [];
                    currentBytes = 0;
                }

                current.Add(body);
                currentBytes += body.Length;
            }

            if (current.Count > 0)
            {
                batches.Add(current);
            }

            if (target is null)
            {
                return;
            }

            var key = new PartitionKey(partitionKey);
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight, CancellationToken = cancellationToken }, async (bodies, cancel) =>
            {
                var batch = target.CreateTransactionalBatch(key);
                foreach (var body in bodies)
                {
                    batch.UpsertItemStream(body, NoBatchContent);
                }

                using var response = await batch.ExecuteAsync(cancel).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    // A batch is all or nothing: nothing of it was stored. Raised like a single write's failure (CosmosOverload maps 429/503/408).
                    throw new CosmosException(
                        $"A batch of {bodies.Count} upserts to {container}/{partitionKey} failed: {response.ErrorMessage}", response.StatusCode, 0, response.ActivityId, response.RequestCharge);
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var body in batches.SelectMany(b => b).Concat(current).Distinct())
            {
                body.Dispose();
            }
        }
    }

    // Cosmos DB's limits for one transactional batch: 100 operations and 2 MB of request; the bytes keep a margin for headers.
    private const int MaxBatchOperations = 100;
    private const long MaxBatchBytes = 1_500_000;

    // Batches of one partition in flight at once. Locally a batch's time is its wait for the journal's group commit (issue 23,
    // round 5: median 0.2 s at load), so a bucket's batches going together share a few fsyncs instead of queueing for one each
    // in turn; on Azure the partition's throughput bounds them and CosmosOverload retries what it throttles.
    private const int BatchesInFlight = 16;

    private static readonly TransactionalBatchItemRequestOptions NoBatchContent = new() { EnableContentResponseOnWrite = false };

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private Container ContainerFor(string container, string partitionKey, string id)
    {
        var definition = _schema.Container(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionKey);
        CosmosStreams.ValidateId(id, nameof(id));
        return _database.GetContainer(definition.Name);
    }

    /// <summary>Serialises the document and stamps <c>id</c> and the partition-key property, rejecting disagreeing values.</summary>
    private (Container Container, MemoryStream Body) Prepare<T>(string container, string partitionKey, string id, T document)
    {
        var target = ContainerFor(container, partitionKey, id);
        var keyProperty = _schema.Container(container).PartitionKeyProperty;
        return (target, new MemoryStream(CosmosDocumentBody.Create(document, id, keyProperty, partitionKey), writable: false));
    }

    private static QueryDefinition BuildQuery(IReadOnlyDictionary<string, string> equals, DocumentOrder? order)
    {
        var sql = new StringBuilder("SELECT * FROM c");
        var parameters = new List<(string, string)>();
        var index = 0;
        foreach (var (property, value) in equals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Property names go into the SQL text (parameters can only be values), so only plain identifiers pass.
            if (!IsPlainName(property))
            {
                throw new ArgumentException($"'{property}' is not a plain property name (letters, digits, underscore).", nameof(equals));
            }

            sql.Append(index == 0 ? " WHERE " : " AND ").Append("c[\"").Append(property).Append("\"] = @v").Append(index);
            parameters.Add(($"@v{index}", value));
            index++;
        }

        if (order is null)
        {
            sql.Append(" ORDER BY c.id");
        }
        else
        {
            // One property, so the default range index serves it; ties keep the store's own stable order across pages.
            if (!IsPlainName(order.Property))
            {
                throw new ArgumentException($"'{order.Property}' is not a plain property name (letters, digits, underscore).", nameof(order));
            }

            sql.Append(" ORDER BY c[\"").Append(order.Property).Append("\"]").Append(order.Descending ? " DESC" : " ASC");
        }
        var query = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            query = query.WithParameter(name, value);
        }

        return query;
    }

    private static bool IsPlainName(string property) =>
        property.Length > 0 && (char.IsAsciiLetter(property[0]) || property[0] == '_') && property.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
