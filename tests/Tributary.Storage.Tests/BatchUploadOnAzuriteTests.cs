using System.Security.Cryptography;
using Tributary.Pipeline.Generation;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Blobs;

namespace Tributary.Storage.Tests;

/// <summary>A generated batch streamed into Azurite through the real adapter (blocks of 8 MiB, committed at the end).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class BatchUploadOnAzuriteTests(EmulatorFixture fixture)
{
    // Several blocks, so a failure lands after some were staged.
    private const int Bytes = 19 << 20;

    [Fact]
    public async Task A_streamed_batch_is_stored_byte_for_byte()
    {
        var (store, blob) = await NewBlobAsync("whole");
        var expected = Pattern(Bytes);

        await BatchUpload.WriteAsync(store, blob, async (output, cancel) =>
        {
            await WriteInChunksAsync(output, expected, expected.Length, cancel);
            return 0;
        }, CancellationToken.None);

        await using var stored = await store.OpenReadAsync(blob, CancellationToken.None);
        Assert.Equal(SHA256.HashData(expected), await SHA256.HashDataAsync(stored));
        Assert.Equal(Bytes, (await store.GetInfoAsync(blob, CancellationToken.None))!.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8 << 20)]
    [InlineData((16 << 20) + 1)]
    public async Task A_batch_of_any_length_is_stored_byte_for_byte_at_block_edges(int length)
    {
        var (store, blob) = await NewBlobAsync($"edge{length}");
        var expected = Pattern(length);

        var returned = await BatchUpload.WriteAsync(store, blob, async (output, cancel) =>
        {
            await WriteInChunksAsync(output, expected, expected.Length, cancel);
            return length;
        }, CancellationToken.None);

        Assert.Equal(length, returned);
        await using var stored = await store.OpenReadAsync(blob, CancellationToken.None);
        Assert.Equal(SHA256.HashData(expected), await SHA256.HashDataAsync(stored));
        Assert.Equal(length, (await store.GetInfoAsync(blob, CancellationToken.None))!.Length);
    }

    [Fact]
    public async Task A_batch_through_the_overload_guard_is_stored_byte_for_byte()
    {
        var (inner, blob) = await NewBlobAsync("guarded");
        IBlobStore store = new StorageOverload(inner);
        var expected = Pattern(5 << 20);

        await BatchUpload.WriteAsync(store, blob, async (output, cancel) =>
        {
            await WriteInChunksAsync(output, expected, expected.Length, cancel);
            return 0;
        }, CancellationToken.None);

        await using var stored = await store.OpenReadAsync(blob, CancellationToken.None);
        Assert.Equal(SHA256.HashData(expected), await SHA256.HashDataAsync(stored));
    }

    [Fact]
    public async Task A_block_that_storage_refuses_stops_the_writer_with_storage_error_and_leaves_no_blob()
    {
        var store = new AzureBlobStore(fixture.Emulators.StorageSettings.CreateBlobServiceClient());
        var blob = new BlobRef($"missing-{Guid.NewGuid():N}", "batch-00000.csv"); // no such container: every Put Block is refused
        var bytes = Pattern(64 << 20);
        var written = 0;

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => BatchUpload.WriteAsync(store, blob, async (output, cancel) =>
        {
            for (; written < bytes.Length; written += 64 << 10)
            {
                await output.WriteAsync(bytes.AsMemory(written, 64 << 10), cancel);
            }

            return 0;
        }, CancellationToken.None));

        Assert.Equal(404, refused.Status);
        // Stopped by the third block at the latest (two in flight), not at the end.
        Assert.True(written <= 24 << 20, $"the writer went on to {written} bytes");
        Assert.Null(await store.GetInfoAsync(blob, CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_that_fails_after_some_blocks_were_staged_leaves_no_blob_and_an_earlier_one_intact()
    {
        var (store, blob) = await NewBlobAsync("retried");
        await store.WriteAsync(blob, new MemoryStream("earlier attempt"u8.ToArray()), CancellationToken.None);
        var bytes = Pattern(Bytes);

        await Assert.ThrowsAsync<InvalidOperationException>(() => BatchUpload.WriteAsync<int>(store, blob, async (output, cancel) =>
        {
            await WriteInChunksAsync(output, bytes, 17 << 20, cancel);
            throw new InvalidOperationException("worker died");
        }, CancellationToken.None));

        // Nothing committed: the blob is still what an earlier complete attempt wrote, never a partial batch.
        await using var stored = await store.OpenReadAsync(blob, CancellationToken.None);
        using var reader = new StreamReader(stored);
        Assert.Equal("earlier attempt", await reader.ReadToEndAsync());
    }

    private async Task<(AzureBlobStore Store, BlobRef Blob)> NewBlobAsync(string name)
    {
        var store = new AzureBlobStore(fixture.Emulators.StorageSettings.CreateBlobServiceClient());
        await store.EnsureContainerAsync("batch-uploads", CancellationToken.None);
        return (store, new BlobRef("batch-uploads", $"{name}-{Guid.NewGuid():N}/batch-00000.csv"));
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        return bytes;
    }

    private static async Task WriteInChunksAsync(Stream output, byte[] bytes, int length, CancellationToken cancel)
    {
        for (var offset = 0; offset < length; offset += 64 << 10)
        {
            await output.WriteAsync(bytes.AsMemory(offset, Math.Min(64 << 10, length - offset)), cancel);
        }
    }
}
