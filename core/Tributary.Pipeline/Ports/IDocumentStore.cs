namespace Tributary.Pipeline.Ports;

/// <summary>Result documents (Cosmos in production): series, breaks, manifests. Containers are those of infra/cosmos-containers.json.</summary>
public interface IDocumentStore
{
    /// <summary>Creates or replaces a document by its id within its partition; returns the new ETag.</summary>
    Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken);

    /// <summary>Point read; null when missing.</summary>
    Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken);

    /// <summary>Replaces a document only if its ETag still matches; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken);

    /// <summary>One page of the documents of one partition whose top-level properties equal the given values.</summary>
    Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the documents of one partition whose top-level properties equal the given values, in <paramref name="order"/>
    /// (by id when null), with the store's continuation token for the next page of the same order.
    /// </summary>
    Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Deletes a document; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces many documents of one partition by id. Cosmos writes them in transactional batches (up to 100 a
    /// round trip, each batch all or nothing); when this returns, every document is stored. The default writes them one by one.
    /// </summary>
    async Task UpsertManyAsync<T>(string container, string partitionKey, IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var (id, document) in documents)
        {
            await UpsertAsync(container, partitionKey, id, document, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A document with its concurrency token.</summary>
public sealed record StoredDocument<T>(T Document, string ETag);

/// <summary>One page of a query, with a continuation token when more remain.</summary>
public sealed record DocumentPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
