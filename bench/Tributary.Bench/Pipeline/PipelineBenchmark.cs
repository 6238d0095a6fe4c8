using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Runtime;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Local.Emulators;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Orchestration overhead of the self-hosted runtime (`tributary serve`): a no-op workload of N partitions through the
/// real orchestrator (plan → bounded fan-out, children past the threshold → finalize) on DurableTask.Core's TaskHubWorker,
/// over the Azure Storage provider on Azurite and over the in-memory orchestration service.
/// </summary>
public static class PipelineBenchmark
{
    public static Command Create()
    {
        var activities = new Option<int>("--activities") { Description = "No-op partitions to fan out.", DefaultValueFactory = _ => 1_000 };
        var workers = new Option<int>("--workers") { Description = "Activities one worker executes at once.", DefaultValueFactory = _ => 16 };
        var inFlight = new Option<int>("--in-flight") { Description = "Partitions one run keeps in flight.", DefaultValueFactory = _ => 64 };
        var memoryOnly = new Option<bool>("--memory-only") { Description = "Skip the Azurite run." };
        var partitions = new Option<int>("--partitions") { Description = "Control-queue partitions of the task hub.", DefaultValueFactory = _ => new TaskHubSettings().PartitionCount };
        var extended = new Option<bool>("--extended-sessions") { Description = "Keep orchestrations in memory between episodes." };
        var command = new Command("pipeline",
            "Self-hosted Durable runtime: a no-op fan-out of N partitions from start to Completed, on Azurite (Azure Storage provider) and in memory; activities/s.")
        {
            activities, workers, inFlight, memoryOnly, partitions, extended,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var n = parse.GetValue(activities);
            var options = new PipelineOptions { MaxPartitionsInFlight = parse.GetValue(inFlight) };
            var settings = new TaskHubSettings
            {
                MaxConcurrentActivities = parse.GetValue(workers),
                PartitionCount = parse.GetValue(partitions),
                ExtendedSessions = parse.GetValue(extended),
                TaskHubName = $"bench{Stopwatch.GetTimestamp() % 100000}",
            };
            var table = new Table().AddColumns("backend", "activities", "workers", "in flight", "hub partitions", "extended sessions", "seconds", "activities/s");
            void Row(string backend, double seconds) =>
                table.AddRow(backend, $"{n:N0}", $"{settings.MaxConcurrentActivities}", $"{options.MaxPartitionsInFlight}", $"{settings.PartitionCount}", $"{settings.ExtendedSessions}", $"{seconds:0.00}", $"{(n + 2) / seconds:N0}");

            Row("in-memory orchestration service", await RunAsync(InMemoryTaskHub.StartAsync, n, options, cancel));
            if (!parse.GetValue(memoryOnly))
            {
                Console.Error.WriteLine("starting Azurite...");
                await using var emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Cosmos = false }, cancel);
                Row("Azure Storage provider on Azurite (in memory)", await RunAsync(tasks => DurableTaskRuntime.StartOnStorageAsync(emulators.StorageSettings, settings, tasks), n, options, cancel));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<double> RunAsync(Func<WorkloadTasks, Task<DurableTaskRuntime>> start, int partitions, PipelineOptions options, CancellationToken cancel)
    {
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var workload = new NoopWorkload(partitions);
        await using var runtime = await start(WorkloadTasks.For([workload], services, options));
        var instance = RunIds.InstanceId(workload.Kind, $"bench-{Stopwatch.GetTimestamp():x}");
        var clock = Stopwatch.StartNew();
        await runtime.Client.StartIfAbsentAsync(workload.Kind, instance, new RunRequest(null, null), cancel);
        RunState? state;
        do
        {
            await Task.Delay(50, cancel);
            state = await runtime.Client.GetAsync(instance, true, cancel);
        }
        while (state is not { IsTerminal: true });

        clock.Stop();
        if (state.Status != RuntimeStatus.Completed || JsonDocument.Parse(state.Output!).RootElement.GetInt32() != partitions)
        {
            throw new InvalidOperationException($"benchmark run ended {state.Status}: {state.Failure?.Message ?? state.Output}");
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A workload whose plan, partitions and finalize do nothing: what remains is the orchestration's own cost.</summary>
    private sealed class NoopWorkload(int partitions) : IWorkload
    {
        public string Kind => "noop";

        public DropConvention? Drop => null;

        public IReadOnlyList<InputError> Validate(RunRequest request) => [];

        public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new WorkloadPlan(Enumerable.Range(0, partitions).Select(i => new PartitionRef($"p{i}")).ToList()));

        public Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken) =>
            Task.FromResult(JsonSerializer.SerializeToElement(1));

        public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
            Task.FromResult(JsonSerializer.SerializeToElement(summaries.Sum(s => s.GetInt32())));

        public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
