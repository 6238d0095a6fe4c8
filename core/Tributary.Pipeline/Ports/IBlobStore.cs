namespace Tributary.Pipeline.Ports;

/// <summary>Blob storage as the pipeline uses it: drop containers, staged partitions, outputs and quarantine.</summary>
public interface IBlobStore
{
    /// <summary>Writes a blob, replacing any existing one; returns the new ETag.</summary>
    Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null);

    /// <summary>
    /// Writes a blob from the bytes <paramref name="write"/> writes to the stream it is given, while it writes them; the blob
    /// appears (replacing any existing one) only after <paramref name="write"/> returned and the last byte is stored, so a
    /// failed or cancelled writer leaves no blob. Returns what <paramref name="write"/> returned. The token given to it is
    /// also cancelled when storage fails, and its writes then throw. By default, a pipe into <see cref="WriteAsync"/>.
    /// </summary>
    Task<T> WriteStreamedAsync<T>(BlobRef blob, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        Generation.BatchUpload.ThroughPipeAsync(this, blob, write, cancellationToken);

    /// <summary>Opens a blob for reading; throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a blob for reading at the version <paramref name="eTag"/> names, and only that version: throws
    /// <see cref="BlobChangedException"/> when the blob is another version now, or becomes one while it is read (where the
    /// store can tell). By default, a check of the ETag before the read, which a store that can pin a read replaces.
    /// </summary>
    async Task<Stream> OpenReadAsync(BlobRef blob, string eTag, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(blob, cancellationToken).ConfigureAwait(false) ?? throw new FileNotFoundException($"blob {blob} does not exist", blob.ToString());
        return info.ETag == eTag ? await OpenReadAsync(blob, cancellationToken).ConfigureAwait(false) : throw new BlobChangedException(blob, eTag);
    }

    /// <summary>Properties of a blob, or null when it is missing.</summary>
    Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken);

    /// <summary>Lists blobs under a prefix (flat), with ETag and metadata.</summary>
    IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the names under a prefix, in name order, from where a previous page's token left off (a missing container
    /// lists nothing), with each name's metadata. A page may hold fewer than <paramref name="pageSize"/> names while more
    /// remain: follow the token.
    /// </summary>
    Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Merges metadata into a blob's metadata (used to mark a drop processed).</summary>
    Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken);

    /// <summary>Copies a blob (used to move rejected input to quarantine).</summary>
    Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken);

    /// <summary>Deletes a blob if it exists; false when it did not.</summary>
    Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken);

    /// <summary>Creates the container when it does not exist.</summary>
    Task EnsureContainerAsync(string container, CancellationToken cancellationToken);
}

/// <summary>Address of one blob: container and path within it.</summary>
public sealed record BlobRef(string Container, string Path)
{
    /// <inheritdoc />
    public override string ToString() => $"{Container}/{Path}";
}

/// <summary>What a listing or a properties call tells about one blob.</summary>
public sealed record BlobItemInfo(BlobRef Blob, string ETag, long Length, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Metadata);

/// <summary>One page of blob names, with the store's token for the next page (null at the end).</summary>
/// <param name="Metadata">Each name's metadata, in the order of <paramref name="Names"/>; null from a store that does not list it.</param>
public sealed record BlobNamePage(IReadOnlyList<string> Names, string? ContinuationToken, IReadOnlyList<IReadOnlyDictionary<string, string>>? Metadata = null)
{
    /// <summary>The metadata of the name at <paramref name="index"/>; empty when the store did not list it.</summary>
    public IReadOnlyDictionary<string, string> MetadataAt(int index) =>
        Metadata is { } all && index < all.Count ? all[index] : System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;
}
