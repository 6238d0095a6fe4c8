using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Blobs;

/// <summary>
/// The blob store with Azure Storage's (and Azurite's) "try again later" answers raised as
/// <see cref="DependencyUnavailableException"/>, which the HTTP API answers with 503 and Retry-After instead of a 500, as
/// <see cref="Cosmos.CosmosOverload"/> does for Cosmos DB: 503 ServerBusy, 500 OperationTimedOut, and no answer at all (the
/// SDK's network timeout, a refused or reset connection: a stopped emulator) once the SDK's own retries are spent. Other
/// failures (404, 409, 412, a bad request) pass unchanged.
/// </summary>
public sealed class StorageOverload(IBlobStore inner) : IBlobStore
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string Dependency = "Azure Storage";

    /// <summary>
    /// True when <paramref name="error"/> (or what the SDK's retries collected in it) means the storage service may answer
    /// later; false when the caller's own token cancelled it.
    /// </summary>
    public static bool IsTransient(Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return error switch
        {
            // A missing blob is an answer, not an outage.
            FileNotFoundException => false,
            RequestFailedException { Status: (int)HttpStatusCode.ServiceUnavailable } => true,
            RequestFailedException { Status: (int)HttpStatusCode.InternalServerError } failed => ErrorCode(failed) == "OperationTimedOut",
            // Status 0: no response at all (connection refused or reset, name not resolved).
            RequestFailedException { Status: 0 } => true,
            // The SDK's network timeout cancels the request with a token of its own.
            OperationCanceledException => true,
            TimeoutException or HttpRequestException => true,
            // Retries spent on failures without a response: the SDK throws them all together.
            AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(e => IsTransient(e, cancellationToken)),
            // Libraries over the SDK (the Durable Task Framework's Azure Storage provider) wrap its failures in their own.
            { InnerException: { } cause } => IsTransient(cause, cancellationToken),
            _ => false,
        };
    }

    // The service's error code: parsed from the body when it had one, else the header it always sends.
    private static string? ErrorCode(RequestFailedException failed) =>
        failed.ErrorCode ?? (failed.GetRawResponse() is { } response && response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null);

    /// <summary>The wait the service asked for (its Retry-After header), when the failure carries a response that says.</summary>
    public static TimeSpan? RetryAfter(Exception error) =>
        error is RequestFailedException failed && failed.GetRawResponse() is { } response
        && response.Headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <inheritdoc />
    public Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null) =>
        Guard(() => inner.WriteAsync(blob, content, cancellationToken, metadata), cancellationToken);

    /// <inheritdoc />
    public Task<T> WriteStreamedAsync<T>(BlobRef blob, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        Guard(() => inner.WriteStreamedAsync(blob, write, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken) =>
        Guard(() => inner.OpenReadAsync(blob, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(BlobRef blob, string eTag, CancellationToken cancellationToken) =>
        Guard(() => inner.OpenReadAsync(blob, eTag, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken) =>
        Guard(() => inner.GetInfoAsync(blob, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var items = inner.ListAsync(container, prefix, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await Guard(async () => await items.MoveNextAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
        {
            yield return items.Current;
        }
    }

    /// <inheritdoc />
    public Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        Guard(() => inner.ListNamesAsync(container, prefix, pageSize, continuationToken, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        Guard(async () => { await inner.SetMetadataAsync(blob, metadata, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    /// <inheritdoc />
    public Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken) =>
        Guard(async () => { await inner.CopyAsync(source, target, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken) =>
        Guard(() => inner.DeleteAsync(blob, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task EnsureContainerAsync(string container, CancellationToken cancellationToken) =>
        Guard(async () => { await inner.EnsureContainerAsync(container, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DependencyUnavailableException && IsTransient(e, cancellationToken))
        {
            throw new DependencyUnavailableException(Dependency, RetryAfter(e), e);
        }
    }
}
