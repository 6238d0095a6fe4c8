using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Spectre.Console;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Blobs;
using Tributary.Storage.Cosmos;
using Tributary.Local.Emulators;
using Tributary.Storage.Queues;

namespace Tributary.Bench.Storage;

/// <summary>
/// `storage`: throughput of the storage adapters against the local emulators, including what the launcher's keep-alive
/// fix is worth (the same writes against a server started with --connection-close, the shipped behaviour).
/// </summary>
public static class StorageBenchmark
{
    public static Command Create()
    {
        var operations = new Option<int>("--operations")
        {
            Description = "Writes per measurement (each measurement writes this many small documents, blobs or messages).",
            DefaultValueFactory = _ => 2000,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Writes in flight at once for the concurrent measurements (the sequential ones use 1).",
            DefaultValueFactory = _ => 16,
        };
        var command = new Command("storage", "Adapter throughput on the local Cosmos server and Azurite: history records, instance creates, " +
            "document upserts, blob uploads and queue sends per second, in memory and with the data on disk (Cosmos journal, Azurite on disk), " +
            "and Cosmos writes with and without keep-alive.")
        {
            operations,
            concurrency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var n = parse.GetValue(operations);
            var c = parse.GetValue(concurrency);
            if (n is < 1 or > 1_000_000 || c is < 1 or > 256)
            {
                Console.Error.WriteLine("--operations must be 1..1000000 and --concurrency 1..256.");
                return 2;
            }

            await RunAsync(n, c, cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(int operations, int concurrency, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("operation", "server", "ops", "in flight", "seconds", "ops/s");
        void Row(string operation, string server, int inFlight, (int Count, TimeSpan Elapsed) run) => table.AddRow(
            operation, server, run.Count.ToString("N0"), inFlight.ToString(), run.Elapsed.TotalSeconds.ToString("F2"), (run.Count / run.Elapsed.TotalSeconds).ToString("N0"));

        await using (var emulators = await LocalEmulators.StartAsync(cancellationToken: cancellationToken))
        using (var cosmos = await CosmosStorage.ConnectAsync(emulators.CosmosSettings, cancellationToken))
        {
            Row("result document upsert", "cosmos keep-alive", 1, await TimeAsync(operations, 1, i => UpsertAsync(cosmos, "seq", i, cancellationToken)));
            Row("result document upsert", "cosmos keep-alive", concurrency, await TimeAsync(operations, concurrency, i => UpsertAsync(cosmos, "par", i, cancellationToken)));
            Row("result document upsert", "cosmos keep-alive", concurrency, await TimeAsync(operations, concurrency, i =>
                cosmos.Documents.UpsertAsync("recon-breaks", $"run-{i % 8}", $"b{i}", new { status = "open", amount = i }, cancellationToken)));

            var blobs = new AzureBlobStore(emulators.StorageSettings.CreateBlobServiceClient());
            await blobs.EnsureContainerAsync("bench", cancellationToken);
            var payload = Encoding.UTF8.GetBytes(new string('x', 1024));
            Row("blob upload (1 KiB)", "azurite", concurrency, await TimeAsync(operations, concurrency, i =>
                blobs.WriteAsync(new BlobRef("bench", $"b/{i}.txt"), new MemoryStream(payload), cancellationToken)));

            var events = new StorageQueueRunEventPublisher(emulators.StorageSettings.CreateQueueClient(StorageQueueRunEventPublisher.QueueName));
            Row("run event publish", "azurite", concurrency, await TimeAsync(operations, concurrency, i =>
                events.PublishAsync(new RunEvent($"run-{i}", "bench", "Completed", null, DateTimeOffset.UnixEpoch), cancellationToken)));
        }

        // The same writes with the data on disk, as `serve` runs by default: the Cosmos journal fsyncs before each
        // response (group commit) and Azurite saves its metadata before each response.
        var folder = Directory.CreateTempSubdirectory("tributary-bench-data-").FullName;
        try
        {
            var persistent = new LocalEmulatorOptions { DataDirectory = folder, CosmosInMemory = false, StorageInMemory = false };
            await using var emulators = await LocalEmulators.StartAsync(persistent, cancellationToken);
            using var cosmos = await CosmosStorage.ConnectAsync(emulators.CosmosSettings, cancellationToken);
            Row("result document upsert", "cosmos journaled", 1, await TimeAsync(operations, 1, i => UpsertAsync(cosmos, "seq", i, cancellationToken)));
            Row("result document upsert", "cosmos journaled", concurrency, await TimeAsync(operations, concurrency, i => UpsertAsync(cosmos, "par", i, cancellationToken)));
            Row("result document upsert", "cosmos journaled", concurrency, await TimeAsync(operations, concurrency, i =>
                cosmos.Documents.UpsertAsync("recon-breaks", $"run-{i % 8}", $"b{i}", new { status = "open", amount = i }, cancellationToken)));
            var blobs = new AzureBlobStore(emulators.StorageSettings.CreateBlobServiceClient());
            await blobs.EnsureContainerAsync("bench", cancellationToken);
            var payload = Encoding.UTF8.GetBytes(new string('x', 1024));
            Row("blob upload (1 KiB)", "azurite on disk", concurrency, await TimeAsync(operations, concurrency, i =>
                blobs.WriteAsync(new BlobRef("bench", $"b/{i}.txt"), new MemoryStream(payload), cancellationToken)));
            var events = new StorageQueueRunEventPublisher(emulators.StorageSettings.CreateQueueClient(StorageQueueRunEventPublisher.QueueName));
            Row("run event publish", "azurite on disk", concurrency, await TimeAsync(operations, concurrency, i =>
                events.PublishAsync(new RunEvent($"run-{i}", "bench", "Completed", null, DateTimeOffset.UnixEpoch), cancellationToken)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await using (var closing = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Storage = false, CosmosKeepAlive = false }, cancellationToken))
        using (var cosmos = await CosmosStorage.ConnectAsync(closing.CosmosSettings, cancellationToken))
        {
            Row("result document upsert", "cosmos Connection: close", 1, await TimeAsync(operations, 1, i => UpsertAsync(cosmos, "seq", i, cancellationToken)));
            Row("result document upsert", "cosmos Connection: close", concurrency, await TimeAsync(operations, concurrency, i => UpsertAsync(cosmos, "par", i, cancellationToken)));
        }

        AnsiConsole.Write(table);
    }

    private static Task UpsertAsync(CosmosStorage cosmos, string partition, int i, CancellationToken cancellationToken) =>
        cosmos.Documents.UpsertAsync("gen-runs", $"bench-{partition}", $"d{i}", new { id = $"d{i}", runId = $"bench-{partition}", rows = i }, cancellationToken);

    /// <summary>Runs <paramref name="operations"/> calls with at most <paramref name="concurrency"/> in flight, after a short warm-up.</summary>
    private static async Task<(int Count, TimeSpan Elapsed)> TimeAsync(int operations, int concurrency, Func<int, Task> operation)
    {
        await operation(-1); // warm-up: connection, TLS, JIT
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < operations; i = Interlocked.Increment(ref next))
            {
                await operation(i);
            }
        }));
        return (operations, clock.Elapsed);
    }
}
