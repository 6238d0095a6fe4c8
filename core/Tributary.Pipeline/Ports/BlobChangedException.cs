namespace Tributary.Pipeline.Ports;

/// <summary>A blob read at one version (its ETag) is another version now: it was replaced before or while it was read.</summary>
public sealed class BlobChangedException(BlobRef blob, string eTag, Exception? inner = null)
    : IOException($"{blob} was replaced: it is no longer the version (ETag {eTag}) this read was pinned to", inner)
{
    /// <summary>The blob that changed.</summary>
    public BlobRef Blob { get; } = blob;
}
