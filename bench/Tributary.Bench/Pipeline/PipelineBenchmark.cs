using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Storage.Cosmos;
using Tributary.Storage.Emulators;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Orchestration overhead of the embedded engine: a no-op fan-out of N activities through children of 500 (as the workloads
/// fan out past 1,000 partitions), every call recorded in the instance store. Cosmos: the local server started here.
/// </summary>
public static class PipelineBenchmark
{
    private const int PerChild = 500;

    public static Command Create()
    {
        var activities = new Option<int>("--activities") { Description = "No-op activities to fan out.", DefaultValueFactory = _ => 10_000 };
        var workers = new Option<int>("--workers") { Description = "Activities executing at once (the engine's pool).", DefaultValueFactory = _ => 64 };
        var command = new Command("pipeline", "Embedded durable engine: no-op fan-out with every activity result persisted, on the local Cosmos server and in memory; activities/s.")
        {
            activities, workers,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var n = parse.GetValue(activities);
            var pool = parse.GetValue(workers);
            var table = new Table().AddColumns("store", "activities", "workers", "seconds", "activities/s", "history records", "history writes");
            var memory = new CountingInstanceStore(new InMemoryInstanceStore());
            var (memorySeconds, memoryRecords) = await RunAsync(memory, n, pool, cancel);
            table.AddRow("in memory", $"{n:N0}", $"{pool}", $"{memorySeconds:0.00}", $"{n / memorySeconds:N0}", $"{memoryRecords:N0}", $"{memory.HistoryWrites:N0}");

            Console.Error.WriteLine("starting the local Cosmos server...");
            await using var emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Storage = false }, cancel);
            using var cosmos = await CosmosStorage.ConnectAsync(emulators.CosmosSettings, cancel);
            var counted = new CountingInstanceStore(cosmos.Instances);
            var (cosmosSeconds, cosmosRecords) = await RunAsync(counted, n, pool, cancel);
            table.AddRow("local Cosmos server", $"{n:N0}", $"{pool}", $"{cosmosSeconds:0.00}", $"{n / cosmosSeconds:N0}", $"{cosmosRecords:N0}", $"{counted.HistoryWrites:N0}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<(double Seconds, int Records)> RunAsync(IInstanceStore store, int count, int workers, CancellationToken cancel)
    {
        var registry = new DurableRegistry()
            .AddOrchestrator("fan-out", async context =>
            {
                var chunks = Enumerable.Range(0, count).Chunk(PerChild).ToList();
                var sums = await context.FanOutAsync(chunks, 8, chunk => context.CallSubOrchestratorAsync<long>("chunk", chunk));
                return sums.Sum();
            })
            .AddOrchestrator("chunk", async context =>
            {
                var items = context.GetInput<int[]>();
                var results = await context.FanOutAsync(items, workers, i => context.CallActivityAsync<int>("noop", i));
                return results.Sum(i => (long)i);
            })
            .AddActivity("noop", (input, _, _) => Task.FromResult(input));
        await using var engine = new DurableEngine(store, registry, new DurableEngineOptions { MaxConcurrentActivities = workers });
        var id = $"bench-{Stopwatch.GetTimestamp():x}";
        var clock = Stopwatch.StartNew();
        await engine.StartAsync("fan-out", null, id, cancel);
        var state = await engine.WaitForCompletionAsync(id, TimeSpan.FromMinutes(30), cancel);
        clock.Stop();
        if (state?.Status != RuntimeStatus.Completed || DurableJson.Deserialize<long>(state.Output) != (long)count * (count - 1) / 2)
        {
            throw new InvalidOperationException($"benchmark run ended {state?.Status}: {state?.Failure?.Message}");
        }

        var records = 0;
        for (var child = 0; child < (count + PerChild - 1) / PerChild; child++)
        {
            records += (await store.GetHistoryAsync($"{id}:sub-{child:D6}", cancel)).Count;
        }

        return (clock.Elapsed.TotalSeconds, records);
    }
}
