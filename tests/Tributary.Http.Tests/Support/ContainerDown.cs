using Tributary.Pipeline.Ports;

namespace Tributary.Http.Tests.Support;

/// <summary>A blob store whose one container lives on another store (one that is down); the rest is the inner store.</summary>
internal sealed class ContainerDown(IBlobStore inner, string container, IBlobStore down) : IBlobStore
{
    private IBlobStore For(string name) => name == container ? down : inner;

    public Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null) =>
        For(blob.Container).WriteAsync(blob, content, cancellationToken, metadata);

    public Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken) => For(blob.Container).OpenReadAsync(blob, cancellationToken);

    public Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken) => For(blob.Container).GetInfoAsync(blob, cancellationToken);

    public IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken) =>
        For(container).ListAsync(container, prefix, cancellationToken);

    public Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        For(container).ListNamesAsync(container, prefix, pageSize, continuationToken, cancellationToken);

    public Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        For(blob.Container).SetMetadataAsync(blob, metadata, cancellationToken);

    public Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken) => For(target.Container).CopyAsync(source, target, cancellationToken);

    public Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken) => For(blob.Container).DeleteAsync(blob, cancellationToken);

    public Task EnsureContainerAsync(string container, CancellationToken cancellationToken) => For(container).EnsureContainerAsync(container, cancellationToken);
}
