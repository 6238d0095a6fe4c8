using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>
/// Azurite with <c>--location</c> in the data directory keeps every acknowledged write across a kill -9: its databases
/// are journaled by scripts/azurite-durable.js and compacted into whole saves past a threshold.
/// </summary>
public sealed class AzuritePersistenceTests : IDisposable
{
    private const string TableDatabase = "__azurite_db_table__.json";

    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-").FullName;

    private string Location => Path.Combine(_folder, "azurite");

    [Fact]
    public async Task A_blob_written_before_kill_9_is_there_after_a_restart()
    {
        var first = await StartAsync();
        var container = first.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("kept");
        await container.CreateAsync();
        await container.UploadBlobAsync("a.txt", BinaryData.FromString("survives kill -9"));
        KillHard(first);

        await using var second = await StartAsync();
        var blob = second.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("kept").GetBlobClient("a.txt");
        Assert.Equal("survives kill -9", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Every_write_acknowledged_during_heavy_writing_survives_a_kill_9_in_its_midst()
    {
        // A small threshold, so whole saves (compactions) also happen while the writers run.
        const long threshold = 64 * 1024;
        var first = await StartAsync(threshold);
        var connection = first.StorageSettings.ConnectionString!;
        await new BlobServiceClient(connection).GetBlobContainerClient("heavy").CreateAsync();
        await Queue(connection, "heavy").CreateAsync();
        await new TableServiceClient(connection).CreateTableAsync("heavy");

        var state = new Ledger();
        var acknowledged = 0;
        // Cancelled just before the kill: from then on a failed write ends its writer, before it a failure fails the test.
        using var killed = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).SelectMany(w => new[]
        {
            WriteBlobsAsync(connection, w, state, () => Interlocked.Increment(ref acknowledged), killed.Token),
            WriteEntitiesAsync(connection, w, state, () => Interlocked.Increment(ref acknowledged), killed.Token),
            WriteMessagesAsync(connection, w, state, () => Interlocked.Increment(ref acknowledged), killed.Token),
        }).ToArray();

        // Killed by progress, not by time: after 1,500 acknowledged writes, with the writers still going.
        while (Volatile.Read(ref acknowledged) < 1500 && !writers.All(writer => writer.IsCompleted))
        {
            await Task.WhenAny(Task.WhenAll(writers), Task.Delay(20));
        }

        Assert.False(writers.Any(writer => writer.IsFaulted), "a writer failed before the kill");
        await killed.CancelAsync();
        KillHard(first);
        await Task.WhenAll(writers);

        await using var second = await StartAsync(threshold);
        connection = second.StorageSettings.ConnectionString!;
        var blobs = new Dictionary<string, string?>();
        var container = new BlobServiceClient(connection).GetBlobContainerClient("heavy");
        await foreach (var item in container.GetBlobsAsync())
        {
            blobs[item.Name] = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString();
        }

        var entities = new Dictionary<string, string?>();
        await foreach (var entity in new TableServiceClient(connection).GetTableClient("heavy").QueryAsync<TableEntity>())
        {
            entities[$"{entity.PartitionKey}/{entity.RowKey}"] = entity.GetString("v");
        }

        var messages = new Dictionary<string, string?>();
        var queue = Queue(connection, "heavy");
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                messages[message.Body.ToString()] = message.Body.ToString();
            }
        }

        state.AssertMatches("blob", blobs);
        state.AssertMatches("entity", entities);
        state.AssertMatches("message", messages);
        Assert.True(state.Count("blob") > 0 && state.Count("entity") > 0 && state.Count("message") > 0, "every kind of write was acknowledged");
    }

    [Fact]
    public async Task A_torn_last_journal_record_is_ignored_at_replay_and_only_that_write_is_lost()
    {
        var first = await StartAsync();
        var table = new TableServiceClient(first.StorageSettings.ConnectionString!).GetTableClient("torn");
        await table.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            // Awaited one by one, so each insert is one journal record and "z" is the last.
            await table.AddEntityAsync(new TableEntity("p", $"k{i}"));
        }

        await table.AddEntityAsync(new TableEntity("p", "z"));
        KillHard(first);

        var journal = Path.Combine(Location, TableDatabase + ".journal");
        var records = RecordEnds(File.ReadAllBytes(journal));
        Assert.True(records.Count >= 7, $"one record each for the table and its six entities, found {records.Count}");
        using (var file = new FileStream(journal, FileMode.Open))
        {
            file.SetLength(records[^1] - 7); // mid-record, as a crash during the append would leave it
        }

        var second = await StartAsync();
        table = new TableServiceClient(second.StorageSettings.ConnectionString!).GetTableClient("torn");
        Assert.Equal(["k0", "k1", "k2", "k3", "k4"], await RowKeysAsync(table));
        // Azurite saves whole at start, so the snapshot now holds the replayed records and the journal is empty again.
        Assert.DoesNotContain("\"z\"", File.ReadAllText(Path.Combine(Location, TableDatabase)));
        Assert.Contains("\"k4\"", File.ReadAllText(Path.Combine(Location, TableDatabase)));
        await table.AddEntityAsync(new TableEntity("p", "y"));
        KillHard(second);

        await using var third = await StartAsync();
        table = new TableServiceClient(third.StorageSettings.ConnectionString!).GetTableClient("torn");
        Assert.Equal(["k0", "k1", "k2", "k3", "k4", "y"], await RowKeysAsync(table));
    }

    [Fact]
    public async Task Past_the_threshold_a_database_is_saved_whole_and_a_kill_9_after_it_keeps_everything()
    {
        const long threshold = 16 * 1024;
        var first = await StartAsync(threshold);
        var connection = first.StorageSettings.ConnectionString!;
        var table = new TableServiceClient(connection).GetTableClient("compact");
        await table.CreateAsync();
        var padding = new string('x', 400);
        long written = 0;
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                table.UpsertEntityAsync(new TableEntity("p", $"r{i:D3}") { ["v"] = round, ["pad"] = padding }, TableUpdateMode.Replace)));
            written += 40 * 500;
        }

        await table.DeleteEntityAsync("p", "r000");
        var container = new BlobServiceClient(connection).GetBlobContainerClient("compact");
        await container.CreateAsync();
        await container.UploadBlobAsync("after.txt", BinaryData.FromString("written after compactions"));
        var dropped = new TableServiceClient(connection).GetTableClient("dropped");
        await dropped.CreateAsync();
        await dropped.AddEntityAsync(new TableEntity("p", "gone"));
        await dropped.DeleteAsync();
        KillHard(first);

        var journal = new FileInfo(Path.Combine(Location, TableDatabase + ".journal"));
        Assert.True(journal.Length < written, $"journal {journal.Length} bytes after writing about {written}: not compacted");
        Assert.Contains("r039", File.ReadAllText(Path.Combine(Location, TableDatabase)));

        await using var second = await StartAsync(threshold);
        connection = second.StorageSettings.ConnectionString!;
        table = new TableServiceClient(connection).GetTableClient("compact");
        var kept = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            kept.Add(entity);
        }

        Assert.Equal(Enumerable.Range(1, 39).Select(i => $"r{i:D3}"), kept.Select(e => e.RowKey).Order());
        Assert.All(kept, e => Assert.Equal(5, e.GetInt32("v")));
        var blob = new BlobServiceClient(connection).GetBlobContainerClient("compact").GetBlobClient("after.txt");
        Assert.Equal("written after compactions", (await blob.DownloadContentAsync()).Value.Content.ToString());
        var tables = new List<string>();
        await foreach (var item in new TableServiceClient(connection).QueryAsync())
        {
            tables.Add(item.Name);
        }

        Assert.Equal(["compact"], tables);

        // New writes after the restart land beside the replayed ones.
        await table.AddEntityAsync(new TableEntity("p", "new"));
        Assert.Equal(40, await table.QueryAsync<TableEntity>().CountAsync());
    }

    [Fact]
    public async Task A_journal_replayed_again_over_the_snapshot_it_was_compacted_into_changes_nothing()
    {
        // What a kill between a compaction's rename and its emptying of the journal leaves: the new snapshot and the old journal.
        var first = await StartAsync();
        var connection = first.StorageSettings.ConnectionString!;
        var tables = new TableServiceClient(connection);
        var table = tables.GetTableClient("again");
        await table.CreateAsync();
        for (var i = 0; i < 10; i++)
        {
            await table.UpsertEntityAsync(new TableEntity("p", $"r{i}") { ["v"] = i }, TableUpdateMode.Replace);
        }

        await table.UpsertEntityAsync(new TableEntity("p", "r3") { ["v"] = 33 }, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("p", "r5");
        // A table deleted and created again under the same name, with one entity of each life.
        var twice = tables.GetTableClient("twice");
        await twice.CreateAsync();
        await twice.AddEntityAsync(new TableEntity("p", "first life"));
        await twice.DeleteAsync();
        await twice.CreateAsync();
        await twice.AddEntityAsync(new TableEntity("p", "second life"));
        KillHard(first);

        var journal = Path.Combine(Location, TableDatabase + ".journal");
        var old = File.ReadAllBytes(journal);
        Assert.True(RecordEnds(old).Count >= 16, "every write is still in the journal");
        var second = await StartAsync(); // replays the journal and saves the database whole (a compaction)
        KillHard(second);
        Assert.True(new FileInfo(journal).Length < old.Length, "the start compacted the journal");
        File.WriteAllBytes(journal, old);

        await using var third = await StartAsync();
        tables = new TableServiceClient(third.StorageSettings.ConnectionString!);
        var kept = new Dictionary<string, int>();
        await foreach (var entity in tables.GetTableClient("again").QueryAsync<TableEntity>())
        {
            kept[entity.RowKey] = entity.GetInt32("v")!.Value;
        }

        Assert.Equal(new Dictionary<string, int> { ["r0"] = 0, ["r1"] = 1, ["r2"] = 2, ["r3"] = 33, ["r4"] = 4, ["r6"] = 6, ["r7"] = 7, ["r8"] = 8, ["r9"] = 9 }, kept);
        Assert.Equal(["second life"], await RowKeysAsync(tables.GetTableClient("twice")));

        // Ids handed out after the replay do not collide with replayed ones.
        await tables.GetTableClient("again").AddEntityAsync(new TableEntity("p", "r10") { ["v"] = 10 });
        Assert.Equal(10, await tables.GetTableClient("again").QueryAsync<TableEntity>().CountAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<LocalEmulators> StartAsync(long? compactBytes = null) => LocalEmulators.StartAsync(new LocalEmulatorOptions
    {
        Cosmos = false,
        StorageInMemory = false,
        AzuriteCompactBytes = compactBytes,
        DataDirectory = _folder,
        StartTimeout = TimeSpan.FromSeconds(90),
    });

    /// <summary>SIGKILL: Azurite gets no chance to save anything, as in a crash.</summary>
    private static void KillHard(LocalEmulators emulators)
    {
        using (var process = Process.GetProcessById(Assert.Single(emulators.ProcessIds)))
        {
            process.Kill();
            process.WaitForExit();
        }

        emulators.Dispose();
    }

    private static QueueClient Queue(string connection, string name) =>
        new(connection, name, new QueueClientOptions { Retry = { MaxRetries = 0 } });

    /// <summary>End offset of each record: an 8-byte header, then u32 length | u32 CRC-32 | payload (scripts/cosmos-journal.js).</summary>
    private static List<long> RecordEnds(byte[] journal)
    {
        var ends = new List<long>();
        for (var offset = 8; offset + 8 <= journal.Length;)
        {
            offset += 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(journal.AsSpan(offset));
            ends.Add(offset);
        }

        return ends;
    }

    private static async Task<List<string>> RowKeysAsync(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            keys.Add(entity.RowKey);
        }

        return keys.Order().ToList();
    }

    private static async Task WriteBlobsAsync(string connection, int writer, Ledger state, Action acknowledged, CancellationToken killed)
    {
        var container = new BlobServiceClient(connection, new BlobClientOptions { Retry = { MaxRetries = 0 } }).GetBlobContainerClient("heavy");
        await Writes(async i =>
        {
            // Every third write deletes the blob before the last one; the others add a blob.
            if (i % 3 == 2)
            {
                var name = $"w{writer}-{i - 1}";
                state.Begin("blob", name, null);
                await container.DeleteBlobAsync(name, cancellationToken: CancellationToken.None);
                state.Acknowledge("blob", name);
            }
            else
            {
                var name = $"w{writer}-{i}";
                state.Begin("blob", name, $"{writer}:{i}");
                await container.UploadBlobAsync(name, BinaryData.FromString($"{writer}:{i}"), CancellationToken.None);
                state.Acknowledge("blob", name);
            }

            acknowledged();
        }, killed);
    }

    private static async Task WriteEntitiesAsync(string connection, int writer, Ledger state, Action acknowledged, CancellationToken killed)
    {
        var table = new TableClient(connection, "heavy", new TableClientOptions { Retry = { MaxRetries = 0 } });
        await Writes(async i =>
        {
            // Twenty rows per writer, replaced over and over; every fifth write deletes the row the write before replaced.
            var delete = i % 5 == 4;
            var row = $"r{(delete ? i - 1 : i) % 20}";
            var key = $"w{writer}/{row}";
            if (delete)
            {
                state.Begin("entity", key, null);
                await table.DeleteEntityAsync($"w{writer}", row, ETag.All, CancellationToken.None);
            }
            else
            {
                state.Begin("entity", key, $"{i}");
                await table.UpsertEntityAsync(new TableEntity($"w{writer}", row) { ["v"] = $"{i}" }, TableUpdateMode.Replace, CancellationToken.None);
            }

            state.Acknowledge("entity", key);
            acknowledged();
        }, killed);
    }

    private static async Task WriteMessagesAsync(string connection, int writer, Ledger state, Action acknowledged, CancellationToken killed)
    {
        var queue = Queue(connection, "heavy");
        var receipts = new Dictionary<int, Azure.Storage.Queues.Models.SendReceipt>();
        await Writes(async i =>
        {
            // Every other write deletes the message sent before it (by its send receipt, so none is ever invisible).
            if (i % 2 == 1)
            {
                var text = $"w{writer}-{i - 1}";
                state.Begin("message", text, null);
                await queue.DeleteMessageAsync(receipts[i - 1].MessageId, receipts[i - 1].PopReceipt, CancellationToken.None);
                state.Acknowledge("message", text);
            }
            else
            {
                var text = $"w{writer}-{i}";
                state.Begin("message", text, text);
                receipts[i] = (await queue.SendMessageAsync(text, CancellationToken.None)).Value;
                state.Acknowledge("message", text);
            }

            acknowledged();
        }, killed);
    }

    /// <summary>Runs writes 0, 1, 2… until one fails after the kill (as every one does once Azurite is gone).</summary>
    private static async Task Writes(Func<int, Task> write, CancellationToken killed)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await write(i);
            }
            catch (Exception) when (killed.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>What each key held when its last write was acknowledged, and the value of a write still in flight.</summary>
    private sealed class Ledger
    {
        private readonly ConcurrentDictionary<(string Kind, string Key), (string? Acknowledged, bool InFlight, string? Pending)> _keys = new();

        public void Begin(string kind, string key, string? value) =>
            _keys.AddOrUpdate((kind, key), _ => (null, true, value), (_, old) => (old.Acknowledged, true, value));

        // Acknowledged writes of each kind, deletes included: a kind whose writer deletes as it goes can have no key standing
        // at the kill and still have been exercised.
        private readonly ConcurrentDictionary<string, int> _acknowledged = new();

        public void Acknowledge(string kind, string key)
        {
            _keys.AddOrUpdate((kind, key), _ => throw new InvalidOperationException("not begun"), (_, old) => (old.Pending, false, null));
            _acknowledged.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }

        public int Count(string kind) => _acknowledged.GetValueOrDefault(kind);

        /// <summary>Each key holds its acknowledged value, or the in-flight one; no key is there that was never written.</summary>
        public void AssertMatches(string kind, IReadOnlyDictionary<string, string?> actual)
        {
            foreach (var ((k, key), entry) in _keys.Where(pair => pair.Key.Kind == kind))
            {
                var found = actual.TryGetValue(key, out var value) ? value : null;
                Assert.True(
                    found == entry.Acknowledged || (entry.InFlight && found == entry.Pending),
                    $"{k} {key}: found {found ?? "nothing"}, acknowledged {entry.Acknowledged ?? "nothing"}{(entry.InFlight ? $", in flight {entry.Pending ?? "a delete"}" : "")}");
            }

            var unknown = actual.Keys.Where(key => !_keys.ContainsKey((kind, key))).ToList();
            Assert.True(unknown.Count == 0, $"{kind}s never written: {string.Join(", ", unknown)}");
        }
    }
}
