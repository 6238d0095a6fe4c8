using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Durable.Hosting;

/// <summary>
/// Core's partitioned orchestration driven through the Functions app's adapter (<see cref="DurableCallsContext"/>) over a
/// Durable-like host, compared with the embedded engine on the same inputs.
/// </summary>
public sealed class DurableCallsContextTests
{
    private const string Kind = "letters";
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"];

    [Fact]
    public async Task A_run_through_the_adapter_has_the_engines_output_status_and_call_sequence()
    {
        var options = new PipelineOptions();
        var engineSide = new Side(linesPerPartition: 3, options);
        var adapterSide = new Side(linesPerPartition: 3, options);
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, engineSide.Registry);

        await engine.StartAsync(Kind, await engineSide.DropAsync("day-1/", Words), "run-1");
        var state = await engine.WaitForCompletionAsync("run-1", TimeSpan.FromSeconds(10));
        var durable = adapterSide.Host("run-1", await adapterSide.DropAsync("day-1/", Words));
        var output = await durable.RunAsync(Kind);

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(state.Output, output);
        Assert.Equal(state.CustomStatus, durable.CustomStatus);
        Assert.Equal(
            ["letters_plan", "letters_partition", "letters_partition", "letters_partition", "letters_partition", "letters_finalize"],
            durable.Calls.Select(c => c.FunctionName));

        // The engine's sequence numbers, so activities derive the same ids for their side effects under either host.
        var history = await store.GetHistoryAsync("run-1", default);
        Assert.Equal(
            history.OrderBy(r => r.Sequence).Select(r => (FunctionNames.For(r.Name), r.Sequence, "run-1")),
            durable.Calls.Select(c => (c.FunctionName, c.Envelope!.Sequence, c.Envelope.InstanceId)));
        Assert.Equal(
            [options.StepRetry, options.PartitionRetry, options.PartitionRetry, options.PartitionRetry, options.PartitionRetry, options.StepRetry],
            durable.Calls.Select(c => c.Retry));
        Assert.Equal(
            (await engineSide.Documents.ReadAsync<LetterTotals>(LetterCountWorkload.ResultContainer, "run-1", "run-1", default))!.Document,
            (await adapterSide.Documents.ReadAsync<LetterTotals>(LetterCountWorkload.ResultContainer, "run-1", "run-1", default))!.Document);
    }

    [Fact]
    public async Task On_replay_the_adapter_issues_the_same_functions_and_sequences_and_runs_nothing_again()
    {
        var side = new Side(linesPerPartition: 3, new PipelineOptions());
        var request = await side.DropAsync("day-2/", Words);
        var first = side.Host("run-2", request);
        var output = await first.RunAsync(Kind);

        var replay = side.Host("run-2", request, first.History);
        var context = new DurableCallsContext(replay);
        Assert.True(context.IsReplaying);
        var replayed = await OrchestrationScheduler.RunAsync(() => side.Registry.GetOrchestrator(Kind)(context));

        Assert.False(context.IsReplaying);
        Assert.Equal(output, replayed);
        Assert.Equal(6, first.Issued.Count);
        Assert.Equal(first.Issued, replay.Issued);
        Assert.Equal(4, side.Workload.PartitionRuns.Count);
        Assert.All(side.Workload.PartitionRuns, p => Assert.Equal(1, p.Value));
        Assert.Single(side.Events.Events);
    }

    [Fact]
    public async Task Resumed_from_part_of_its_history_a_run_reruns_only_the_calls_history_lacks()
    {
        var side = new Side(linesPerPartition: 3, new PipelineOptions());
        var request = await side.DropAsync("day-3/", Words);
        var first = side.Host("run-3", request);
        var output = await first.RunAsync(Kind);

        // As after a crash: the plan and the first two partitions had completed.
        var resumed = side.Host("run-3", request, first.History.Where(e => e.Key < 3).ToDictionary());
        var replayed = await resumed.RunAsync(Kind);

        Assert.Equal(output, replayed);
        Assert.Equal(first.Issued, resumed.Issued);
        Assert.Equal(
            [("p00000", 1), ("p00001", 1), ("p00002", 2), ("p00003", 2)],
            side.Workload.PartitionRuns.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public async Task A_failing_plan_surfaces_under_cores_name_so_the_drop_is_quarantined_as_with_the_engine()
    {
        string[] bad = ["alpha", "b3ta", "gamma"];
        var engineSide = new Side(linesPerPartition: 2, new PipelineOptions());
        var adapterSide = new Side(linesPerPartition: 2, new PipelineOptions());
        await using var engine = new DurableEngine(new InMemoryInstanceStore(), engineSide.Registry);

        await engine.StartAsync(Kind, await engineSide.DropAsync("bad/", bad), "bad-run");
        var state = await engine.WaitForCompletionAsync("bad-run", TimeSpan.FromSeconds(10));
        var durable = adapterSide.Host("bad-run", await adapterSide.DropAsync("bad/", bad));
        var failure = await Assert.ThrowsAsync<ActivityFailedException>(() => durable.RunAsync(Kind));

        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Equal(PartitionedOrchestration.PlanName(Kind), failure.Name);
        Assert.Equal(nameof(InvalidInputException), failure.Failure.ErrorType);
        Assert.Equal(state.Failure!.Message, failure.Message);
        Assert.Equal(["letters_plan", "letters_quarantine"], durable.Calls.Select(c => c.FunctionName));
        Assert.Null(await adapterSide.Blobs.GetInfoAsync(new BlobRef("letters-drop", "bad/words.txt"), default));
        Assert.NotNull(await adapterSide.Blobs.GetInfoAsync(new BlobRef("quarantine", "letters-drop/bad/words.txt"), default));
    }

    [Fact]
    public async Task Past_the_threshold_partitions_run_in_child_orchestrations_through_the_adapter_with_the_engines_output()
    {
        var options = new PipelineOptions { SubOrchestrationThreshold = 5, PartitionsPerChild = 3, MaxPartitionsInFlight = 4 };
        var engineSide = new Side(linesPerPartition: 1, options);
        var adapterSide = new Side(linesPerPartition: 1, options);
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, engineSide.Registry);

        await engine.StartAsync(Kind, await engineSide.DropAsync("big/", Words), "run-4");
        var state = await engine.WaitForCompletionAsync("run-4", TimeSpan.FromSeconds(10));
        var request = await adapterSide.DropAsync("big/", Words);
        var durable = adapterSide.Host("run-4", request);
        var output = await durable.RunAsync(Kind);

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(state.Output, output);
        Assert.Equal(
            ["letters_plan", "letters_partitions", "letters_partitions", "letters_partitions", "letters_partitions", "letters_finalize"],
            durable.Calls.Select(c => c.FunctionName));
        var engineFinalize = (await store.GetHistoryAsync("run-4", default)).Single(r => r.Name == PartitionedOrchestration.FinalizeName(Kind));
        Assert.Equal(engineFinalize.Sequence, durable.Calls[^1].Envelope!.Sequence);

        // Each child numbers its own calls under its own instance id, as each engine child does.
        Assert.Equal([3, 3, 3, 2], durable.Children.Select(c => c.Calls.Count));
        Assert.All(durable.Children, child => Assert.Equal(
            Enumerable.Range(0, child.Calls.Count).Select(i => ("letters_partition", i, child.InstanceId)),
            child.Calls.Select(c => (c.FunctionName, c.Envelope!.Sequence, c.Envelope.InstanceId))));
        Assert.Equal(11, adapterSide.Workload.PartitionRuns.Count);
        Assert.All(adapterSide.Workload.PartitionRuns, p => Assert.Equal(1, p.Value));

        // Replay returns the children's recorded outputs without starting them again.
        var replay = adapterSide.Host("run-4", request, durable.History);
        Assert.Equal(output, await replay.RunAsync(Kind));
        Assert.Empty(replay.Children);
        Assert.All(adapterSide.Workload.PartitionRuns, p => Assert.Equal(1, p.Value));
    }

    [Fact]
    public async Task A_failing_child_orchestration_surfaces_under_cores_name_with_the_engines_message()
    {
        var registry = new DurableRegistry()
            .AddOrchestrator("batches", async context =>
            {
                try
                {
                    return $"sum {await context.CallSubOrchestratorAsync<int>("batches.sum", 3)}";
                }
                catch (ActivityFailedException e)
                {
                    return $"{e.Name}: {e.Failure.Message}";
                }
            })
            .AddOrchestrator("batches.sum", context => context.CallActivityAsync<int>("batches.add", context.GetInput<int>()))
            .AddActivity<int, int>("batches.add", (n, _, _) => Task.FromException<int>(new InvalidOperationException($"cannot add {n}")));
        var functions = Side.Bind("batches", "batches.sum", "batches.add");
        await using var engine = new DurableEngine(new InMemoryInstanceStore(), registry);

        await engine.StartAsync("batches", null, "run-5");
        var state = await engine.WaitForCompletionAsync("run-5", TimeSpan.FromSeconds(10));
        var output = await new FakeDurableHost(registry, functions, "run-5", null).RunAsync("batches");

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal("\"batches.sum: batches.add failed: cannot add 3\"", state.Output);
        Assert.Equal(state.Output, output);
    }

    /// <summary>One host's world: stores, the letter-count workload and its registered orchestration.</summary>
    private sealed class Side
    {
        public Side(int linesPerPartition, PipelineOptions options)
        {
            var services = new PipelineServices(Blobs, Documents, Events, TimeProvider.System);
            Workload = new LetterCountWorkload(services, linesPerPartition);
            Registry = new DurableRegistry().AddWorkload(Workload, services, options);
        }

        public InMemoryBlobStore Blobs { get; } = new();

        public InMemoryDocumentStore Documents { get; } = new();

        public InMemoryRunEventPublisher Events { get; } = new();

        public LetterCountWorkload Workload { get; }

        public DurableRegistry Registry { get; }

        /// <summary>Functions name → core name, as the app's [Function] attributes bind each core orchestrator and activity.</summary>
        public static IReadOnlyDictionary<string, string> Bind(params string[] coreNames) =>
            coreNames.ToDictionary(FunctionNames.For, name => name);

        public FakeDurableHost Host(string instanceId, RunRequest request, IReadOnlyDictionary<int, DurableEvent>? history = null) =>
            new(Registry, Bind(
                Kind,
                PartitionedOrchestration.ChildName(Kind),
                PartitionedOrchestration.PlanName(Kind),
                PartitionedOrchestration.PartitionName(Kind),
                PartitionedOrchestration.FinalizeName(Kind),
                PartitionedOrchestration.QuarantineName(Kind)), instanceId, DurableJson.Serialize(request), history);

        public async Task<RunRequest> DropAsync(string folder, IEnumerable<string> words)
        {
            await Blobs.EnsureContainerAsync("letters-drop", default);
            var file = new BlobRef("letters-drop", folder + "words.txt");
            var manifest = new BlobRef("letters-drop", folder + "manifest.json");
            await Blobs.WriteAsync(file, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', words))), default);
            var etag = await Blobs.WriteAsync(manifest, new MemoryStream("{}"u8.ToArray()), default);
            return new RunRequest(new BlobFolder("letters-drop", folder), null, new DropRef(manifest, etag, [file, manifest]));
        }
    }
}
