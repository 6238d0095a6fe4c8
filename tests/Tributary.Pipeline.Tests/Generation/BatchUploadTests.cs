using Tributary.Pipeline.Generation;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Tests.Generation;

public sealed class BatchUploadTests
{
    // Larger than the pipe's pause threshold (16 MiB), so the writer really waits on the upload.
    private const int Bytes = 40 << 20;

    [Fact]
    public async Task A_batch_larger_than_the_pipe_arrives_whole_and_the_writer_result_is_returned()
    {
        var blobs = await StoreAsync();
        var blob = new BlobRef("out", "run/batch-00000.csv");

        var result = await BatchUpload.WriteAsync(blobs, blob, async (output, cancel) =>
        {
            await WritePatternAsync(output, Bytes, cancel);
            return "summary";
        }, CancellationToken.None);

        Assert.Equal("summary", result);
        await using var stored = await blobs.OpenReadAsync(blob, CancellationToken.None);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(Bytes, copy.Length);
        Assert.Equal(Pattern(Bytes), copy.ToArray());
    }

    [Fact]
    public async Task A_writer_that_fails_half_way_leaves_no_blob_and_its_error_is_reported()
    {
        var blobs = await StoreAsync();
        var blob = new BlobRef("out", "run/batch-00001.csv");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BatchUpload.WriteAsync<string>(blobs, blob, async (output, cancel) =>
        {
            await WritePatternAsync(output, Bytes / 2, cancel);
            throw new InvalidDataException("generator broke");
        }, CancellationToken.None));

        Assert.Equal("generator broke", error.Message);
        Assert.Null(await blobs.GetInfoAsync(blob, CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_that_fails_stops_the_writer_and_its_error_is_reported()
    {
        var blobs = new RefusingBlobStore(afterBytes: 1 << 20);
        var written = 0L;

        var error = await Assert.ThrowsAsync<IOException>(() => BatchUpload.WriteAsync(blobs, new BlobRef("out", "x"), async (output, cancel) =>
        {
            var chunk = new byte[64 << 10];
            for (var i = 0; i < 100_000; i++)
            {
                await output.WriteAsync(chunk, cancel);
                written += chunk.Length;
            }

            return 0;
        }, CancellationToken.None));

        Assert.Equal("storage refused", error.Message);
        // Stopped long before its 6.5 GB: at most the pipe's 16 MiB past what the store read.
        Assert.True(written < 64L << 20, $"the writer went on to {written} bytes");
    }

    private static async Task<InMemoryBlobStore> StoreAsync()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync("out", CancellationToken.None);
        return blobs;
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + (i >> 12));
        }

        return bytes;
    }

    private static async Task WritePatternAsync(Stream output, int length, CancellationToken cancel)
    {
        var bytes = Pattern(length);
        for (var offset = 0; offset < length; offset += 100_000)
        {
            await output.WriteAsync(bytes.AsMemory(offset, Math.Min(100_000, length - offset)), cancel);
        }
    }

    // Reads some of the content, then fails as storage refusing the upload would.
    private sealed class RefusingBlobStore(int afterBytes) : IBlobStore
    {
        public async Task<string> WriteAsync(BlobRef blob, Stream content, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
        {
            var buffer = new byte[afterBytes];
            await content.ReadAtLeastAsync(buffer, afterBytes, throwOnEndOfStream: false, cancellationToken);
            throw new IOException("storage refused");
        }

        public Task<Stream> OpenReadAsync(BlobRef blob, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BlobItemInfo?> GetInfoAsync(BlobRef blob, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BlobNamePage> ListNamesAsync(string container, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task SetMetadataAsync(BlobRef blob, IDictionary<string, string> metadata, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CopyAsync(BlobRef source, BlobRef target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(BlobRef blob, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EnsureContainerAsync(string container, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
