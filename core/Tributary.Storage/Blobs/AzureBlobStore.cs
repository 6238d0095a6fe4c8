using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage (Azure.Storage.Blobs): Azurite locally through a connection string,
/// a real account through a connection string or Entra ID (<see cref="StorageAccount.StorageSettings"/>).
/// </summary>
public sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    private const int MetadataMergeAttempts = 5;
    private const int UploadBlockBytes = 4 << 20;
    private const int UploadBlocksInFlight = 2;

    // A gen batch's blocks: twice a request body's, because each Put Block costs the service (Azurite measurably: about
    // 8 % of its CPU per GiB, `bench -- blob-bytes --block-mib 8`) and a batch upload's three buffers are held only by the
    // few activities a process runs at once (4 on Flex Consumption: 96 MiB), not by every request being received. Azurite
    // on disk writes bodies from 8 MiB on past its page cache (scripts/azurite-extent-writes.js) and request bodies' 4 MiB
    // blocks through it: change either size and the local emulator caches other uploads than it was measured with.
    private const int StreamedBlockBytes = 8 << 20;
    private readonly BlobServiceClient _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly ConcurrentDictionary<string, Task> _ensuredContainers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var options = new BlobUploadOptions { Metadata = metadata };
        if (!content.CanSeek)
        {
            // A request body being streamed in: the SDK would buffer up to 256 MiB of it to try a single-shot upload; blocks of
            // 4 MiB, two in flight, keep an upload's memory small whatever the file's size.
            options.TransferOptions = new Azure.Storage.StorageTransferOptions
            {
                InitialTransferSize = UploadBlockBytes, MaximumTransferSize = UploadBlockBytes, MaximumConcurrency = UploadBlocksInFlight,
            };
        }

        var response = await Client(blob).UploadAsync(content, options, cancellationToken);
        return response.Value.ETag.ToString();
    }

    /// <inheritdoc />
    /// <remarks>
    /// The writer's bytes go once into pooled 8 MiB block buffers, staged as blocks (two in flight, each retried by the SDK)
    /// while the next fills; the block list is committed after the writer returned. No pipe and no second copy into the
    /// SDK's own block buffer (issue 23, round 7).
    /// </remarks>
    public async Task<T> WriteStreamedAsync<T>(BlobRef blob, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = _service.GetBlobContainerClient(Client(blob).BlobContainerName).GetBlockBlobClient(blob.Path);
        await using var blocks = new BlockUploadStream(client, StreamedBlockBytes, UploadBlocksInFlight, abandon.Token);
        T result;
        try
        {
            result = await write(blocks, abandon.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Never commit: the blocks staged so far stay uncommitted. Stop the ones in flight.
            await abandon.CancelAsync().ConfigureAwait(false);
            throw;
        }

        await blocks.CommitAsync(metadata: null).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client(blob).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"Blob {blob} does not exist.", blob.ToString(), error);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(BlobRef blob, string eTag, CancellationToken cancellationToken)
    {
        // The condition travels with the download (and with the SDK's resumed reads of it), so a replacement between a
        // check and the read, or during the read, is refused rather than read.
        try
        {
            var options = new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(eTag) } };
            var response = await Client(blob).DownloadStreamingAsync(options, cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"Blob {blob} does not exist.", blob.ToString(), error);
        }
        catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            // A missing blob fails the condition too (Azurite answers 412 for it): say which of the two it was.
            throw await GetInfoAsync(blob, cancellationToken) is null
                ? new FileNotFoundException($"Blob {blob} does not exist.", blob.ToString(), error)
                : new BlobChangedException(blob, eTag, error);
        }
    }

    /// <inheritdoc />
    public async Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Client(blob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new BlobItemInfo(blob, properties.ETag.ToString(), properties.ContentLength, properties.LastModified, ReadOnly(properties.Metadata));
        }
        catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        try
        {
            var pages = _service.GetBlobContainerClient(container)
                .GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken)
                .AsPages(continuationToken, pageSize);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                return new BlobNamePage(
                    page.Values.Select(b => b.Name).ToList(),
                    string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken,
                    page.Values.Select(b => (IReadOnlyDictionary<string, string>)(b.Metadata ?? new Dictionary<string, string>())).ToList());
            }
        }
        catch (RequestFailedException error) when (error.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
        }

        return new BlobNamePage([], null);
    }

    /// <summary>Lists blobs under a prefix (flat), with ETag and metadata; a missing container lists nothing.</summary>
    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var pages = _service.GetBlobContainerClient(container)
            .GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken);
        await using var items = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            BlobItem item;
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }

                item = items.Current;
            }
            catch (RequestFailedException error) when (error.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                // A drop container nobody has written to yet is an empty listing, not an error.
                yield break;
            }

            yield return new BlobItemInfo(
                new BlobRef(container, item.Name),
                item.Properties.ETag?.ToString() ?? "",
                item.Properties.ContentLength ?? 0,
                item.Properties.LastModified ?? DateTimeOffset.MinValue,
                ReadOnly(item.Metadata));
        }
    }

    /// <summary>
    /// Merges metadata into the blob's metadata. Read-merge-write is guarded by the ETag and retried, so two markers
    /// set concurrently (e.g. "processed" by the watcher and a tag by an operator) both survive.
    /// </summary>
    public async Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var client = Client(blob);
        for (var attempt = 1; ; attempt++)
        {
            BlobProperties properties;
            try
            {
                properties = (await client.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.NotFound)
            {
                throw new FileNotFoundException($"Blob {blob} does not exist.", blob.ToString(), error);
            }

            var merged = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in metadata)
            {
                merged[key] = value;
            }

            try
            {
                await client.SetMetadataAsync(merged, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
                return;
            }
            catch (RequestFailedException error) when (error.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MetadataMergeAttempts)
            {
            }
        }
    }

    /// <summary>Server-side copy (content and metadata) within the account; waits until the copy has finished.</summary>
    public async Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken)
    {
        var sourceClient = Client(source);
        try
        {
            var operation = await Client(target).StartCopyFromUriAsync(sourceClient.Uri, cancellationToken: cancellationToken);
            await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        catch (RequestFailedException error) when (error.ErrorCode == BlobErrorCode.CannotVerifyCopySource || error.Status == (int)HttpStatusCode.NotFound)
        {
            if (await GetInfoAsync(source, cancellationToken) is null)
            {
                throw new FileNotFoundException($"Copy source {source} does not exist.", source.ToString(), error);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await Client(blob).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException error) when (error.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }

    /// <summary>Creates the container when missing; each container is checked once per store instance.</summary>
    public Task EnsureContainerAsync(string container, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var ensured = _ensuredContainers.GetOrAdd(container, name => _service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        if (ensured.IsFaulted || ensured.IsCanceled)
        {
            // Do not cache a failure (e.g. the emulator was still starting): the next call tries again.
            _ensuredContainers.TryRemove(new KeyValuePair<string, Task>(container, ensured));
        }

        return ensured.WaitAsync(cancellationToken);
    }

    private BlobClient Client(BlobRef blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob.Container, nameof(blob));
        ArgumentException.ThrowIfNullOrWhiteSpace(blob.Path, nameof(blob));
        return _service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Path);
    }

    private static IReadOnlyDictionary<string, string> ReadOnly(IDictionary<string, string>? metadata) =>
        metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
}
