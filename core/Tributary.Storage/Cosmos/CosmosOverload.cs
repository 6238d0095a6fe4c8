using System.Net;
using Microsoft.Azure.Cosmos;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// The document store with Cosmos DB's "try again later" answers (429 throttled, 503 unavailable or the SDK's own request
/// timeout, 408) raised as <see cref="DependencyUnavailableException"/>, which the HTTP API answers with 503 and
/// Retry-After instead of a 500. Other failures pass unchanged.
/// </summary>
public sealed class CosmosOverload(IDocumentStore inner) : IDocumentStore
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string Dependency = "Cosmos DB";

    /// <summary>True for the status codes that mean the request may succeed later.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout;

    /// <inheritdoc />
    public Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
        Guard(() => inner.UpsertAsync(container, partitionKey, id, document, cancellationToken));

    /// <inheritdoc />
    public Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        Guard(() => inner.ReadAsync<T>(container, partitionKey, id, cancellationToken));

    /// <inheritdoc />
    public Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken) =>
        Guard(() => inner.ReplaceAsync(container, partitionKey, id, document, ifMatchETag, cancellationToken));

    /// <inheritdoc />
    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        Guard(() => inner.QueryAsync<T>(container, partitionKey, equals, pageSize, continuationToken, cancellationToken));

    /// <inheritdoc />
    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        Guard(() => inner.QueryAsync<T>(container, partitionKey, equals, order, pageSize, continuationToken, cancellationToken));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        Guard(() => inner.DeleteAsync(container, partitionKey, id, cancellationToken));

    /// <inheritdoc />
    public Task UpsertManyAsync<T>(string container, string partitionKey, IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await inner.UpsertManyAsync(container, partitionKey, documents, cancellationToken).ConfigureAwait(false);
            return true;
        });

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (CosmosException e) when (IsTransient(e.StatusCode))
        {
            throw new DependencyUnavailableException(Dependency, e.RetryAfter, e);
        }
    }
}
