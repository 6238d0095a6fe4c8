using System.Diagnostics;
using System.Net;
using Microsoft.Azure.Cosmos;
using Tributary.Storage.Cosmos;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>The Cosmos server's journal (scripts/cosmos-journal.js): every acknowledged write survives kill -9.</summary>
public sealed class CosmosJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-journal-").FullName;

    private string JournalFile => Path.Combine(_folder, "cosmos", "journal");

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_with_its_etag()
    {
        Dictionary<string, (string Json, string ETag)> expected;
        var server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var database = (await client.CreateDatabaseAsync("kept")).Database;
            var container = (await database.CreateContainerAsync("docs", "/pk")).Container;
            var gone = (await database.CreateContainerAsync("gone", "/pk")).Container;
            await gone.CreateItemAsync(new Doc("g", "p", 1), new PartitionKey("p"));
            await gone.DeleteContainerAsync();
            foreach (var id in new[] { "a", "b", "c", "d" })
            {
                await container.CreateItemAsync(new Doc(id, "p", 1), new PartitionKey("p"));
            }

            var a = await container.ReadItemAsync<Doc>("a", new PartitionKey("p"));
            await container.ReplaceItemAsync(new Doc("a", "p", 2), "a", new PartitionKey("p"), new ItemRequestOptions { IfMatchEtag = a.ETag });
            await container.UpsertItemAsync(new Doc("b", "p", 3), new PartitionKey("p"));
            await container.UpsertItemAsync(new Doc("e", "p", 4), new PartitionKey("p"));
            await container.PatchItemAsync<Doc>("c", new PartitionKey("p"), [PatchOperation.Increment("/v", 10)]);
            await container.DeleteItemAsync<Doc>("d", new PartitionKey("p"));
            expected = await SnapshotAsync(container);
        }

        KillHard(server);
        server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var container = client.GetContainer("kept", "docs");
            Assert.Equal(expected, await SnapshotAsync(container));
            Assert.Equal(2, (await container.ReadItemAsync<Doc>("a", new PartitionKey("p"))).Resource.V);
            Assert.Equal(11, (await container.ReadItemAsync<Doc>("c", new PartitionKey("p"))).Resource.V);
            var gone = await Assert.ThrowsAsync<CosmosException>(() => client.GetContainer("kept", "gone").ReadContainerAsync());
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

            // New resources after a restart must not reuse the _rid of a kept one (that would overwrite it).
            await container.CreateItemAsync(new Doc("f", "p", 5), new PartitionKey("p"));
            var after = await SnapshotAsync(container);
            Assert.Equal(expected.Count + 1, after.Count);
            Assert.All(expected, pair => Assert.Equal(pair.Value, after[pair.Key]));
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_transactional_batch_survives_kill_9_whole_and_a_failed_one_leaves_nothing()
    {
        Dictionary<string, (string Json, string ETag)> expected;
        var server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var database = (await client.CreateDatabaseAsync("batches")).Database;
            var container = (await database.CreateContainerAsync("docs", "/pk")).Container;
            await container.CreateItemAsync(new Doc("a", "p", 1), new PartitionKey("p"));
            var batch = container.CreateTransactionalBatch(new PartitionKey("p"));
            for (var i = 0; i < 100; i++)
            {
                batch.UpsertItem(new Doc($"k{i:D3}", "p", i));
            }

            using (var stored = await batch.ExecuteAsync())
            {
                Assert.True(stored.IsSuccessStatusCode, stored.ErrorMessage);
            }

            // Undone in the same tick it was applied: replayed, the journal must end with "a" as it was and no "z".
            using (var failed = await container.CreateTransactionalBatch(new PartitionKey("p"))
                       .UpsertItem(new Doc("a", "p", 2)).UpsertItem(new Doc("z", "p", 3)).CreateItem(new Doc("k000", "p", 4)).ExecuteAsync())
            {
                Assert.Equal(HttpStatusCode.Conflict, failed.StatusCode);
            }

            expected = await SnapshotAsync(container);
        }

        KillHard(server);
        server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var container = client.GetContainer("batches", "docs");
            Assert.Equal(expected, await SnapshotAsync(container));
            Assert.Equal(101, expected.Count);
            Assert.Equal(1, (await container.ReadItemAsync<Doc>("a", new PartitionKey("p"))).Resource.V);
            Assert.Equal(99, (await container.ReadItemAsync<Doc>("k099", new PartitionKey("p"))).Resource.V);
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_torn_last_record_is_cut_off_and_only_that_write_is_lost()
    {
        var server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var database = (await client.CreateDatabaseAsync("torn")).Database;
            var container = (await database.CreateContainerAsync("docs", "/pk")).Container;
            for (var i = 0; i < 5; i++)
            {
                // Awaited one by one, so each write is one record and "z" is the last.
                await container.CreateItemAsync(new Doc($"k{i}", "p", i), new PartitionKey("p"));
            }

            await container.CreateItemAsync(new Doc("z", "p", 99), new PartitionKey("p"));
        }

        KillHard(server);
        var length = new FileInfo(JournalFile).Length;
        using (var journal = new FileStream(JournalFile, FileMode.Open))
        {
            journal.SetLength(length - 7); // mid-record, as a crash during the append would leave it
        }

        server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var container = client.GetContainer("torn", "docs");
            var kept = await SnapshotAsync(container);
            Assert.Equal(["k0", "k1", "k2", "k3", "k4"], kept.Keys.Order());
            Assert.True(new FileInfo(JournalFile).Length < length - 7, "the torn tail was truncated away");

            await container.CreateItemAsync(new Doc("y", "p", 7), new PartitionKey("p"));
        }

        KillHard(server);
        server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            Assert.Equal(["k0", "k1", "k2", "k3", "k4", "y"], (await SnapshotAsync(client.GetContainer("torn", "docs"))).Keys.Order());
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task Past_the_threshold_the_journal_is_compacted_and_restarts_with_the_same_data()
    {
        const long threshold = 64 * 1024;
        Dictionary<string, (string Json, string ETag)> expected;
        var server = await StartAsync(threshold);
        long written = 0;
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var database = (await client.CreateDatabaseAsync("compact")).Database;
            var container = (await database.CreateContainerAsync("docs", "/pk")).Container;
            var padding = new string('x', 500);
            for (var round = 0; round < 8; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                    container.UpsertItemAsync(new Doc($"d{i}", $"p{i % 5}", round, padding), new PartitionKey($"p{i % 5}"))));
                written += 50 * 600;
            }

            await container.DeleteItemAsync<Doc>("d0", new PartitionKey("p0"));
            expected = await SnapshotAsync(container);
        }

        KillHard(server);
        Assert.True(new FileInfo(JournalFile).Length < written, $"journal {new FileInfo(JournalFile).Length} bytes after writing about {written}: not compacted");
        // How fast a compacted journal replays is the storage benchmark's to measure, not a test's: a busy machine is slow.
        server = await StartAsync(threshold);
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var container = client.GetContainer("compact", "docs");
            Assert.Equal(expected, await SnapshotAsync(container));
            Assert.Equal(49, expected.Count);
            Assert.All(expected.Values, v => Assert.Contains("\"v\":7", v.Json));
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_upsert_replaces_in_place_or_creates_and_answers_with_what_it_stored()
    {
        Dictionary<string, (string Json, string ETag)> expected;
        var server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var database = (await client.CreateDatabaseAsync("upserts")).Database;
            var container = (await database.CreateContainerAsync("docs", "/pk")).Container;
            var original = await container.CreateItemAsync(new Doc("a", "p", 1), new PartitionKey("p"));
            var originalJson = (await SnapshotAsync(container))["a"].Json;

            using (var stale = await container.CreateTransactionalBatch(new PartitionKey("p"))
                       .UpsertItem(new Doc("b", "p", 5))
                       .UpsertItem(new Doc("a", "p", 6), new TransactionalBatchItemRequestOptions { IfMatchEtag = "\"stale\"" })
                       .ExecuteAsync())
            {
                Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            }

            Assert.Equal(originalJson, (await SnapshotAsync(container))["a"].Json);
            using var stored = await container.CreateTransactionalBatch(new PartitionKey("p"))
                .UpsertItem(new Doc("a", "p", 2, "replaced"), new TransactionalBatchItemRequestOptions { IfMatchEtag = original.ETag })
                .UpsertItem(new Doc("b", "p", 3, "created"))
                .ExecuteAsync();
            Assert.True(stored.IsSuccessStatusCode, stored.ErrorMessage);
            Assert.Equal(HttpStatusCode.OK, stored[0].StatusCode);
            Assert.Equal(HttpStatusCode.Created, stored[1].StatusCode);
            expected = await SnapshotAsync(container);
            Assert.Equal(["a", "b"], expected.Keys.Order());
            for (var i = 0; i < 2; i++)
            {
                // The answer is the stored document, system properties and all.
                using var answered = await System.Text.Json.JsonDocument.ParseAsync(stored[i].ResourceStream);
                var id = answered.RootElement.GetProperty("id").GetString()!;
                using var kept = System.Text.Json.JsonDocument.Parse(expected[id].Json);
                Assert.Equal(expected[id].ETag, stored[i].ETag);
                foreach (var property in kept.RootElement.EnumerateObject())
                {
                    Assert.Equal(property.Value.GetRawText(), answered.RootElement.GetProperty(property.Name).GetRawText());
                }

                Assert.Equal(kept.RootElement.EnumerateObject().Count(), answered.RootElement.EnumerateObject().Count());
            }

            using var before = System.Text.Json.JsonDocument.Parse(originalJson);
            using var after = System.Text.Json.JsonDocument.Parse(expected["a"].Json);
            Assert.Equal(before.RootElement.GetProperty("_rid").GetString(), after.RootElement.GetProperty("_rid").GetString());
            Assert.Equal(before.RootElement.GetProperty("_self").GetString(), after.RootElement.GetProperty("_self").GetString());
            Assert.NotEqual(original.ETag, expected["a"].ETag);
            Assert.True(after.RootElement.GetProperty("_lsn").GetInt64() > before.RootElement.GetProperty("_lsn").GetInt64());
        }

        KillHard(server);
        server = await StartAsync();
        using (var client = CosmosClientFactory.Create(server.CosmosSettings))
        {
            var container = client.GetContainer("upserts", "docs");
            Assert.Equal(expected, await SnapshotAsync(container));
            Assert.Equal("replaced", (await container.ReadItemAsync<Doc>("a", new PartitionKey("p"))).Resource.Pad);
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_data_directory_the_server_keeps_nothing_on_disk()
    {
        await using var server = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Storage = false, StartTimeout = TimeSpan.FromSeconds(90) });
        using var client = CosmosClientFactory.Create(server.CosmosSettings);
        await client.CreateDatabaseAsync("memory");
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "cosmos", "journal")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<LocalEmulators> StartAsync(long? compactBytes = null) => LocalEmulators.StartAsync(new LocalEmulatorOptions
    {
        Storage = false,
        CosmosInMemory = false,
        CosmosCompactBytes = compactBytes,
        DataDirectory = _folder,
        StartTimeout = TimeSpan.FromSeconds(90),
    });

    /// <summary>SIGKILL: the server gets no chance to flush anything, as in a crash.</summary>
    private static void KillHard(LocalEmulators emulators)
    {
        using var process = Process.GetProcessById(Assert.Single(emulators.ProcessIds));
        process.Kill();
        process.WaitForExit();
        emulators.Dispose();
    }

    private static async Task<Dictionary<string, (string Json, string ETag)>> SnapshotAsync(Container container)
    {
        var result = new Dictionary<string, (string, string)>();
        using var feed = container.GetItemQueryStreamIterator("SELECT * FROM c");
        while (feed.HasMoreResults)
        {
            using var page = await feed.ReadNextAsync();
            using var json = await System.Text.Json.JsonDocument.ParseAsync(page.Content);
            foreach (var item in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                result[item.GetProperty("id").GetString()!] = (item.GetRawText(), item.GetProperty("_etag").GetString()!);
            }
        }

        return result;
    }

    private sealed record Doc(string Id, string Pk, int V, string? Pad = null);
}
