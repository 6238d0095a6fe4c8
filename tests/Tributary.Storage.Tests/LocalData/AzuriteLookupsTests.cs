using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>
/// scripts/azurite-lookups.js makes Azurite's lookups start from the blob's name: blobs of the same name in other
/// containers, and a blob's snapshot, must still be told apart (on disk and in memory).
/// </summary>
public sealed class AzuriteLookupsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-lookups-").FullName;

    public static TheoryData<bool> Stores => new() { true, false };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Blobs_of_one_name_in_several_containers_and_a_snapshot_are_each_found_as_themselves(bool onDisk)
    {
        await using var emulators = await LocalEmulators.StartAsync(onDisk
            ? new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90) }
            : new LocalEmulatorOptions { Cosmos = false, StartTimeout = TimeSpan.FromSeconds(90) });
        var service = emulators.StorageSettings.CreateBlobServiceClient();
        var containers = new[] { "left", "right", "third" }.Select(service.GetBlobContainerClient).ToArray();
        foreach (var container in containers)
        {
            await container.CreateAsync();
            for (var i = 0; i < 20; i++)
            {
                await container.UploadBlobAsync($"other-{i}.txt", BinaryData.FromString($"{container.Name} {i}"));
            }

            await container.UploadBlobAsync("same.txt", BinaryData.FromString($"first in {container.Name}"));
        }

        var left = containers[0].GetBlobClient("same.txt");
        var snapshot = (await left.CreateSnapshotAsync()).Value.Snapshot;
        await left.UploadAsync(BinaryData.FromString("second in left"), overwrite: true);

        // A create-if-absent of the name fails where it exists and works in a container without it.
        var exists = await Assert.ThrowsAsync<RequestFailedException>(() => containers[1].GetBlobClient("same.txt").UploadAsync(
            BinaryData.FromString("never"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }));
        Assert.Equal(409, exists.Status);
        var fresh = service.GetBlobContainerClient("fresh");
        await fresh.CreateAsync();
        await fresh.GetBlobClient("same.txt").UploadAsync(BinaryData.FromString("only in fresh"), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });

        Assert.Equal("second in left", await TextAsync(left));
        Assert.Equal("first in left", await TextAsync(left.WithSnapshot(snapshot)));
        Assert.Equal("first in right", await TextAsync(containers[1].GetBlobClient("same.txt")));
        Assert.Equal("first in third", await TextAsync(containers[2].GetBlobClient("same.txt")));
        Assert.Equal("only in fresh", await TextAsync(fresh.GetBlobClient("same.txt")));
        Assert.Equal("right 7", await TextAsync(containers[1].GetBlobClient("other-7.txt")));

        await containers[2].GetBlobClient("same.txt").DeleteAsync();
        Assert.False(await containers[2].GetBlobClient("same.txt").ExistsAsync());
        Assert.True(await containers[1].GetBlobClient("same.txt").ExistsAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> TextAsync(BlobClient blob) => (await blob.DownloadContentAsync()).Value.Content.ToString();
}
