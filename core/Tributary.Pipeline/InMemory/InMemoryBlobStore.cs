using System.Runtime.CompilerServices;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.InMemory;

/// <summary>Blob store in process memory, with ETags and metadata like the real one.</summary>
public sealed class InMemoryBlobStore(TimeProvider? time = null) : IBlobStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _containers = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Entry> _blobs = new(StringComparer.Ordinal);
    private long _etag;

    public async Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            RequireContainer(blob.Container);
            var entry = new Entry(buffer.ToArray(), $"\"{++_etag}\"", _time.GetUtcNow(), new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()));
            _blobs[Key(blob)] = entry;
            return entry.ETag;
        }
    }

    public Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _blobs.TryGetValue(Key(blob), out var entry)
                ? Task.FromResult<Stream>(new MemoryStream(entry.Content, writable: false))
                : throw new FileNotFoundException($"blob {blob} does not exist", blob.ToString());
        }
    }

    public Task<Stream> OpenReadAsync(BlobRef blob, string eTag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Content arrays are never written after a put, so the stream reads the version it was opened at.
            return !_blobs.TryGetValue(Key(blob), out var entry)
                ? throw new FileNotFoundException($"blob {blob} does not exist", blob.ToString())
                : entry.ETag == eTag ? Task.FromResult<Stream>(new MemoryStream(entry.Content, writable: false)) : throw new BlobChangedException(blob, eTag);
        }
    }

    public Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_blobs.TryGetValue(Key(blob), out var entry) ? Info(blob, entry) : null);
        }
    }

    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<BlobItemInfo> items;
        lock (_lock)
        {
            var start = $"{container}/{prefix}";
            items = _blobs.Where(b => b.Key.StartsWith(start, StringComparison.Ordinal))
                .Select(b => Info(new BlobRef(container, b.Key[(container.Length + 1)..]), b.Value))
                .ToList();
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // The token is the last name handed out; the dictionary keeps names in ordinal order, as Blob Storage lists them.
            var start = $"{container}/{prefix}";
            var names = _blobs.Keys.Where(k => k.StartsWith(start, StringComparison.Ordinal))
                .Select(k => k[(container.Length + 1)..])
                .Where(n => continuationToken is null || string.CompareOrdinal(n, continuationToken) > 0)
                .Take(pageSize + 1)
                .ToList();
            var page = names.Take(pageSize).ToList();
            var metadata = page.Select(n => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(_blobs[$"{container}/{n}"].Metadata)).ToList();
            return Task.FromResult(new BlobNamePage(page, names.Count > pageSize ? page[^1] : null, metadata));
        }
    }

    public Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_blobs.TryGetValue(Key(blob), out var entry))
            {
                throw new FileNotFoundException($"blob {blob} does not exist", blob.ToString());
            }

            var merged = new Dictionary<string, string>(entry.Metadata);
            foreach (var (key, value) in metadata)
            {
                merged[key] = value;
            }

            // Like Azure Storage, a metadata change gives the blob a new ETag.
            _blobs[Key(blob)] = entry with { Metadata = merged, ETag = $"\"{++_etag}\"" };
            return Task.CompletedTask;
        }
    }

    public Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            RequireContainer(target.Container);
            if (!_blobs.TryGetValue(Key(source), out var entry))
            {
                throw new FileNotFoundException($"blob {source} does not exist", source.ToString());
            }

            _blobs[Key(target)] = entry with { ETag = $"\"{++_etag}\"", LastModified = _time.GetUtcNow() };
            return Task.CompletedTask;
        }
    }

    public Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_blobs.Remove(Key(blob)));
        }
    }

    public Task EnsureContainerAsync(string container, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _containers.Add(container);
            return Task.CompletedTask;
        }
    }

    private static string Key(BlobRef blob) => $"{blob.Container}/{blob.Path}";

    private static BlobItemInfo Info(BlobRef blob, Entry entry) =>
        new(blob, entry.ETag, entry.Content.Length, entry.LastModified, entry.Metadata);

    private void RequireContainer(string container)
    {
        if (!_containers.Contains(container))
        {
            throw new InvalidOperationException($"container {container} does not exist");
        }
    }

    private sealed record Entry(byte[] Content, string ETag, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Metadata);
}
