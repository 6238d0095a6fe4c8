using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Tributary.Local.Emulators;
using static Tributary.Storage.Tests.LocalData.TestBlocks;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>
/// scripts/azurite-extent-writes.js makes Azurite on disk write large bodies past the page cache (O_DIRECT, in aligned
/// pieces, with the unaligned head and tail through the cache) and smaller ones chunk by chunk as they arrive. Every
/// block must still land at the offset Azurite records for it, either way: with many uploads at once into its extents,
/// after a body cut off midway (whose partial bytes stay in the extent, as in Azurite as shipped), and across a kill -9.
/// </summary>
public sealed class AzuriteExtentWritesTests : IDisposable
{
    private const long Never = long.MaxValue;
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-extents-").FullName;

    [Theory]
    [InlineData(null)] // the preload's 8 MiB: only the 9 MiB blocks go direct, between cached ones in the same extents
    [InlineData(0L)] // every body direct, each starting wherever the one before it ended
    [InlineData(Never)] // every body through the cache
    public async Task Blocks_staged_many_at_once_are_stored_byte_for_byte_and_survive_a_kill_9(long? directMinBytes)
    {
        var first = await StartAsync(directMinBytes);
        var container = await ContainerAsync(first);
        // Sizes off every chunk and page boundary, so a chunk written twice, skipped or counted wrong shows; 1, 3, 0.3 and
        // 9 MiB, so a direct body is one piece, several (two in flight while a third fills), or none at all.
        int[] sizes = [1 << 20, 3 << 20, 300_000, 9 << 20];
        var blobs = Enumerable.Range(0, 6).Select(blob => Enumerable.Range(0, 4).Select(block => Pattern(sizes[block] + (blob * 4 + block) * 7_919 + 1, blob * 4 + block)).ToArray()).ToArray();

        await Task.WhenAll(blobs.Select(async (blocks, index) =>
        {
            var blob = container.GetBlockBlobClient($"blob-{index}.bin");
            await Task.WhenAll(blocks.Select((bytes, block) => blob.StageBlockAsync(Id(block), new MemoryStream(bytes))));
            await blob.CommitBlockListAsync(blocks.Select((_, block) => Id(block)));
        }));

        using (var azurite = System.Diagnostics.Process.GetProcessById(Assert.Single(first.ProcessIds)))
        {
            azurite.Kill();
            azurite.WaitForExit();
        }

        first.Dispose();

        await using var second = await StartAsync(directMinBytes);
        var restarted = second.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("extents");
        for (var index = 0; index < blobs.Length; index++)
        {
            var stored = (await restarted.GetBlobClient($"blob-{index}.bin").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(SHA256.HashData(blobs[index].SelectMany(bytes => bytes).ToArray()), SHA256.HashData(stored));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(Never)]
    public async Task A_block_cut_off_midway_is_refused_and_the_blocks_after_it_are_stored_byte_for_byte(long directMinBytes)
    {
        await using var emulators = await StartAsync(directMinBytes);
        var container = await ContainerAsync(emulators);
        var blob = container.GetBlockBlobClient("cut.bin");
        var before = Pattern(300_001, 1);
        var cut = Pattern(3 << 20, 2);
        var after = Pattern(500_003, 3);

        await blob.StageBlockAsync(Id(0), new MemoryStream(before));
        await SendHalfAndHangUpAsync(blob, Id(1), cut);
        await blob.StageBlockAsync(Id(2), new MemoryStream(after));

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => blob.CommitBlockListAsync([Id(0), Id(1), Id(2)]));
        Assert.Equal(400, refused.Status);
        await blob.CommitBlockListAsync([Id(0), Id(2)]);

        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(before.Concat(after), stored);
    }

    [Theory]
    [InlineData(null, 16 << 20, false)] // at the preload's 8 MiB and over: past the cache
    [InlineData(null, 4 << 20, true)] // the SDK's upload blocks: cached, for a read soon after
    [InlineData(Never, 16 << 20, true)]
    public async Task Bodies_from_the_direct_threshold_on_are_not_left_in_the_page_cache(long? directMinBytes, int length, bool cached)
    {
        await using var emulators = await StartAsync(directMinBytes);
        var container = await ContainerAsync(emulators);
        var bytes = Pattern(length, 7);
        var blob = container.GetBlockBlobClient("cache.bin");
        await blob.StageBlockAsync(Id(0), new MemoryStream(bytes));

        // Only the extent the block went to has grown by its length; the metadata databases are far smaller.
        var extent = Directory.EnumerateFiles(Path.Combine(_folder, "azurite"), "*", SearchOption.AllDirectories).MaxBy(file => new FileInfo(file).Length)!;
        Assert.True(new FileInfo(extent).Length >= length, $"no extent holds the {length}-byte block");
        var share = PageCache.ResidentShare(extent);
        if (cached)
        {
            Assert.True(share > 0.9, $"{share:P0} of the extent is in the page cache; expected all of it");
        }
        else
        {
            Assert.True(share < 0.1, $"{share:P0} of the extent is in the page cache; expected at most its first and last page");
        }

        await blob.CommitBlockListAsync([Id(0)]);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData((await blob.DownloadContentAsync()).Value.Content.ToArray()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A Put Block that announces all of <paramref name="bytes"/>, sends half, and closes its connection.</summary>
    private static async Task SendHalfAndHangUpAsync(BlockBlobClient blob, string blockId, byte[] bytes)
    {
        var sas = blob.GenerateSasUri(BlobSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1));
        var target = $"{sas.PathAndQuery}&comp=block&blockid={Uri.EscapeDataString(blockId)}";
        using var client = new TcpClient();
        await client.ConnectAsync(sas.Host, sas.Port);
        var stream = client.GetStream();
        var head = $"PUT {target} HTTP/1.1\r\nHost: {sas.Authority}\r\nx-ms-version: 2021-12-02\r\nContent-Length: {bytes.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await stream.FlushAsync();
        // Long enough for Azurite to have written what arrived; then the body ends short of its Content-Length.
        await Task.Delay(500);
        client.Client.Shutdown(SocketShutdown.Both);
        await Task.Delay(500);
    }

    private Task<LocalEmulators> StartAsync(long? directMinBytes) => LocalEmulators.StartAsync(new LocalEmulatorOptions
    {
        Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90), AzuriteDirectMinBytes = directMinBytes,
    });

    private static async Task<BlobContainerClient> ContainerAsync(LocalEmulators emulators)
    {
        var container = emulators.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("extents");
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
