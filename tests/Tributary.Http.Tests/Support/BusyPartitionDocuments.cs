using Tributary.Pipeline.Ports;

namespace Tributary.Http.Tests.Support;

/// <summary>A document store whose queries of one partition fail as an overloaded Cosmos DB does (asking for a 7 s wait); the rest is the inner store.</summary>
internal sealed class BusyPartitionDocuments(IDocumentStore inner, string busyPartition) : IDocumentStore
{
    public Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
        inner.UpsertAsync(container, partitionKey, id, document, cancellationToken);

    public Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.ReadAsync<T>(container, partitionKey, id, cancellationToken);

    public Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(container, partitionKey, id, document, ifMatchETag, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        QueryAsync<T>(container, partitionKey, equals, null, pageSize, continuationToken, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        partitionKey == busyPartition
            ? throw new DependencyUnavailableException("Cosmos DB", TimeSpan.FromSeconds(7), new TimeoutException("request timed out"))
            : inner.QueryAsync<T>(container, partitionKey, equals, order, pageSize, continuationToken, cancellationToken);

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.DeleteAsync(container, partitionKey, id, cancellationToken);
}
