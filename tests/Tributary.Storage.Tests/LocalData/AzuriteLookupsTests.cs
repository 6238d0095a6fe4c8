using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>
/// scripts/azurite-lookups.js makes Azurite's lookups start from the blob's name: blobs of the same name in other
/// containers, and a blob's snapshot, must still be told apart (on disk and in memory); and entity queries that name one
/// PartitionKey start from that partition's entities, which must give Azurite's own answers, pages included.
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

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_query_for_one_partition_answers_as_a_scan_would_with_its_other_terms_and_pages(bool onDisk)
    {
        await using var emulators = await LocalEmulators.StartAsync(onDisk
            ? new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90) }
            : new LocalEmulatorOptions { Cosmos = false, StartTimeout = TimeSpan.FromSeconds(90) });
        var table = new TableServiceClient(emulators.StorageConnectionString).GetTableClient("History");
        await table.CreateAsync();

        // Partitions whose keys sort around and contain each other, so a wrong start or end of the range shows.
        string[] partitions = ["run", "run-1", "run-10", "run-2", "rum", "s"];
        foreach (var partition in partitions)
        {
            var rows = Enumerable.Range(0, 12).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"{i:D4}") { ["Seq"] = i, ["Kind"] = i % 3 == 0 ? "a" : "b" }));
            await table.SubmitTransactionAsync(rows);
        }

        // One partition, alone and and-ed with other terms (either side), across pages of 5.
        Assert.Equal(Keys("run-1", Enumerable.Range(0, 12)), await QueryAsync(table, "PartitionKey eq 'run-1'", 5));
        Assert.Equal(Keys("run-10", [0, 3, 6, 9]), await QueryAsync(table, "(PartitionKey eq 'run-10') and (Kind eq 'a')", 3));
        Assert.Equal(Keys("run-2", [7, 8, 9, 10, 11]), await QueryAsync(table, "Seq gt 6 and 'run-2' eq PartitionKey", 2));
        Assert.Empty(await QueryAsync(table, "PartitionKey eq 'runs'", 5));

        // Filters that do not pin one partition go Azurite's own way and still answer.
        Assert.Equal(Keys("rum", [11]).Concat(Keys("s", [11])), await QueryAsync(table, "(PartitionKey eq 'rum' or PartitionKey eq 's') and Seq eq 11", 1));
        Assert.Equal(partitions.Length * 4, (await QueryAsync(table, "Kind eq 'a'", 7)).Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IEnumerable<string> Keys(string partition, IEnumerable<int> rows) => rows.Select(r => $"{partition}/{r:D4}");

    private static async Task<List<string>> QueryAsync(TableClient table, string filter, int pageSize)
    {
        var keys = new List<string>();
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize).AsPages())
        {
            Assert.True(page.Values.Count <= pageSize);
            keys.AddRange(page.Values.Select(e => $"{e.PartitionKey}/{e.RowKey}"));
        }

        return keys;
    }

    private static async Task<string> TextAsync(BlobClient blob) => (await blob.DownloadContentAsync()).Value.Content.ToString();
}
