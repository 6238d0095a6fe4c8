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
/// scripts/azurite-extent-writes.js makes Azurite on disk write each body chunk to its extent as it arrives. Every block
/// must still land at the offset Azurite records for it: with many uploads at once into its extents, after a body cut
/// off midway (whose partial bytes stay in the extent, as in Azurite as shipped), and across a kill -9.
/// </summary>
public sealed class AzuriteExtentWritesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-extents-").FullName;

    [Fact]
    public async Task Blocks_staged_many_at_once_are_stored_byte_for_byte_and_survive_a_kill_9()
    {
        var first = await StartAsync();
        var container = await ContainerAsync(first);
        // Sizes off every chunk and page boundary, so a chunk written twice, skipped or counted wrong shows.
        var blobs = Enumerable.Range(0, 6).Select(blob => Enumerable.Range(0, 4).Select(block => Pattern((1 << 20) + (blob * 4 + block) * 7_919 + 1, blob * 4 + block)).ToArray()).ToArray();

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

        await using var second = await StartAsync();
        var restarted = second.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("extents");
        for (var index = 0; index < blobs.Length; index++)
        {
            var stored = (await restarted.GetBlobClient($"blob-{index}.bin").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(SHA256.HashData(blobs[index].SelectMany(bytes => bytes).ToArray()), SHA256.HashData(stored));
        }
    }

    [Fact]
    public async Task A_block_cut_off_midway_is_refused_and_the_blocks_after_it_are_stored_byte_for_byte()
    {
        await using var emulators = await StartAsync();
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

    private Task<LocalEmulators> StartAsync() => LocalEmulators.StartAsync(
        new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90) });

    private static async Task<BlobContainerClient> ContainerAsync(LocalEmulators emulators)
    {
        var container = emulators.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("extents");
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
