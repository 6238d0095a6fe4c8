using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Tributary.Local.Emulators;
using static Tributary.Storage.Tests.LocalData.TestBlocks;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>
/// scripts/azurite-block-hash.js spares Azurite the read-back and MD5 of a block sent without Content-MD5, and on disk
/// hashes a blob's bytes while they are written instead of reading them back. What Azurite answers stays the same: the
/// blob's Content-MD5, the refusal of a body whose MD5 does not match, and the stored bytes (across a kill -9).
/// </summary>
public sealed class AzuriteBlockHashTests : IDisposable
{
    // More than one socket read and more than one block, so hashing chunk by chunk is exercised.
    private const int Bytes = (3 << 20) + 12_345;

    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-hash-").FullName;

    public static TheoryData<bool> Stores => new() { true, false };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_blob_keeps_the_MD5_of_its_bytes_and_a_wrong_one_is_refused(bool onDisk)
    {
        await using var emulators = await StartAsync(onDisk);
        var container = await ContainerAsync(emulators);
        var bytes = Pattern(Bytes, 1);

        var blob = container.GetBlockBlobClient("put.bin");
        await blob.UploadAsync(new MemoryStream(bytes));

        Assert.Equal(MD5.HashData(bytes), (await blob.GetPropertiesAsync()).Value.ContentHash);
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());

        var wrong = MD5.HashData(Pattern(Bytes, 2));
        // One Put Blob whose x-ms-blob-content-md5 names other bytes.
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => container.GetBlockBlobClient("refused.bin").UploadAsync(new MemoryStream(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentHash = wrong },
        }));
        Assert.Equal(400, refused.Status);
        Assert.Contains("contentMD5", refused.Message, StringComparison.Ordinal);
        Assert.False(await container.GetBlobClient("refused.bin").ExistsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_block_with_a_wrong_MD5_is_refused_and_blocks_with_a_right_one_or_none_commit_to_their_bytes(bool onDisk)
    {
        await using var emulators = await StartAsync(onDisk);
        var container = await ContainerAsync(emulators);
        var blob = container.GetBlockBlobClient("blocks.bin");
        var first = Pattern(Bytes, 3);
        var second = Pattern(Bytes, 4);
        string[] ids = [Id(0), Id(1)];

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => blob.StageBlockAsync(ids[0], new MemoryStream(first), Md5Of(second)));
        Assert.Equal(400, refused.Status);
        Assert.Contains("contentMD5", refused.Message, StringComparison.Ordinal);

        await blob.StageBlockAsync(ids[0], new MemoryStream(first), Md5Of(first));
        await blob.StageBlockAsync(ids[1], new MemoryStream(second)); // no MD5: neither read back nor hashed
        await blob.CommitBlockListAsync(ids);

        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(first.Concat(second), stored);
    }

    [Fact]
    public async Task A_streamed_upload_without_MD5s_is_stored_byte_for_byte_across_a_kill_9()
    {
        var first = await StartAsync(onDisk: true);
        var container = await ContainerAsync(first);
        var bytes = Pattern(11 << 20, 5);
        await container.GetBlobClient("streamed.bin").UploadAsync(new NonSeekable(bytes), new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = 4 << 20, MaximumTransferSize = 4 << 20, MaximumConcurrency = 2 },
        });
        using (var process = Process.GetProcessById(Assert.Single(first.ProcessIds)))
        {
            process.Kill();
            process.WaitForExit();
        }

        first.Dispose();

        await using var second = await StartAsync(onDisk: true);
        var stored = (await second.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("hashes").GetBlobClient("streamed.bin").DownloadContentAsync()).Value;
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(stored.Content.ToArray()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<LocalEmulators> StartAsync(bool onDisk) => LocalEmulators.StartAsync(onDisk
        ? new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90) }
        : new LocalEmulatorOptions { Cosmos = false, StartTimeout = TimeSpan.FromSeconds(90) });

    private static async Task<BlobContainerClient> ContainerAsync(LocalEmulators emulators)
    {
        var container = emulators.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("hashes");
        await container.CreateIfNotExistsAsync();
        return container;
    }

    private static BlockBlobStageBlockOptions Md5Of(byte[] bytes) => new()
    {
        TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = MD5.HashData(bytes) },
    };

    /// <summary>Bytes the SDK cannot seek in, so it stages blocks and commits a list (as BatchUpload's pipe does).</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
