using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Tests.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Workloads;

public sealed class PartitionedOrchestrationTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"];

    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();
    private readonly InMemoryRunEventPublisher _events = new();
    private readonly InMemoryInstanceStore _store = new();

    [Fact]
    public async Task A_run_plans_fans_out_per_partition_fans_in_and_persists_totals_and_publishes_one_event()
    {
        var (workload, registry) = Build(linesPerPartition: 3, new PipelineOptions());
        var request = await DropAsync("run-a/", Words);
        await using var engine = new DurableEngine(_store, registry);

        await engine.StartAsync(workload.Kind, request, "run-a");
        var state = await engine.WaitForCompletionAsync("run-a", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var expected = new LetterTotals("run-a", "run-a", Words.Length, Words.Sum(w => w.Length), 4);
        Assert.Equal(expected, DurableJson.Deserialize<LetterTotals>(state.Output));
        Assert.Equal(expected, (await _documents.ReadAsync<LetterTotals>(LetterCountWorkload.ResultContainer, "run-a", "run-a", default))!.Document);
        Assert.Equal(DurableJson.Serialize(new RunProgress(RunProgress.Finalizing, 4, 4)), state.CustomStatus);
        var published = Assert.Single(_events.Events);
        Assert.Equal(("run-a", "letters", "Completed"), (published.RunId, published.Kind, published.Status));
        Assert.Equal(4, workload.PartitionRuns.Count);

        // Plan + 4 partitions + finalize: the history holds references and small summaries only.
        var history = await _store.GetHistoryAsync("run-a", default);
        Assert.Equal(6, history.Count);
        Assert.DoesNotContain(history, r => r.Result!.Contains("epsilon"));
    }

    [Fact]
    public async Task Past_the_threshold_partitions_run_in_child_orchestrations_with_the_same_result()
    {
        var options = new PipelineOptions { SubOrchestrationThreshold = 5, PartitionsPerChild = 3, MaxPartitionsInFlight = 4 };
        var (workload, registry) = Build(linesPerPartition: 1, options);
        var request = await DropAsync("run-b/", Words);
        await using var engine = new DurableEngine(_store, registry);

        await engine.StartAsync(workload.Kind, request, "run-b");
        var state = await engine.WaitForCompletionAsync("run-b", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(new LetterTotals("run-b", "run-b", 11, Words.Sum(w => w.Length), 11), DurableJson.Deserialize<LetterTotals>(state.Output));

        // Plan, 4 children (3+3+3+2 partitions), finalize.
        var history = await _store.GetHistoryAsync("run-b", default);
        Assert.Equal(6, history.Count);
        Assert.Equal(4, history.Count(r => r.Name == "orchestrator:letters.partitions"));
        Assert.Equal(2, (await _store.GetHistoryAsync("run-b:sub-000004", default)).Count);
        Assert.All(workload.PartitionRuns, p => Assert.Equal(1, p.Value));
    }

    [Fact]
    public async Task A_malformed_drop_fails_its_run_and_is_quarantined_with_a_report_while_a_good_run_completes()
    {
        var (workload, registry) = Build(linesPerPartition: 2, new PipelineOptions());
        var bad = await DropAsync("bad/", ["alpha", "b3ta", "gamma"]);
        var good = await DropAsync("good/", Words);
        await using var engine = new DurableEngine(_store, registry);

        await engine.StartAsync(workload.Kind, bad, "bad-run");
        await engine.StartAsync(workload.Kind, good, "good-run");
        var badState = await engine.WaitForCompletionAsync("bad-run", TimeSpan.FromSeconds(10));
        var goodState = await engine.WaitForCompletionAsync("good-run", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Failed, badState!.Status);
        Assert.Contains("letters-drop/bad/words.txt:2: field 'word': 'b3ta' contains a digit", badState.Failure!.Message);
        Assert.Equal(RuntimeStatus.Completed, goodState!.Status);
        Assert.Null(await _blobs.GetInfoAsync(new BlobRef("letters-drop", "bad/words.txt"), default));
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "letters-drop/bad/words.txt"), default));
        var report = await ReadAsync(new BlobRef("quarantine", "letters-drop/bad/manifest.json" + Quarantine.ReportSuffix));
        Assert.Contains("'b3ta' contains a digit", report);
        Assert.Contains("bad-run", report);
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("letters-drop", "good/words.txt"), default));
    }

    [Fact]
    public async Task The_orchestration_replays_to_exactly_the_same_calls()
    {
        var options = new PipelineOptions { SubOrchestrationThreshold = 3, PartitionsPerChild = 2 };
        var (_, registry) = Build(linesPerPartition: 2, options);
        var request = DurableJson.Serialize(await DropAsync("replay/", Words));
        var recording = new RecordingContext(registry, "replay-run", request);
        var output = await OrchestrationScheduler.RunAsync(() => registry.GetOrchestrator("letters")(recording));

        var replay = new StrictReplayContext("replay-run", recording.CurrentUtcDateTime, request, recording.Calls);
        var replayed = await OrchestrationScheduler.RunAsync(() => registry.GetOrchestrator("letters")(replay));

        Assert.Equal(recording.Calls.Count, replay.CallsIssued);
        Assert.Equal(output, replayed);
    }

    private (LetterCountWorkload Workload, DurableRegistry Registry) Build(int linesPerPartition, PipelineOptions options)
    {
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        var workload = new LetterCountWorkload(services, linesPerPartition);
        return (workload, new DurableRegistry().AddWorkload(workload, services, options));
    }

    private async Task<RunRequest> DropAsync(string folder, IEnumerable<string> words)
    {
        await _blobs.EnsureContainerAsync("letters-drop", default);
        var file = new BlobRef("letters-drop", folder + "words.txt");
        var manifest = new BlobRef("letters-drop", folder + "manifest.json");
        await _blobs.WriteAsync(file, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', words))), default);
        var etag = await _blobs.WriteAsync(manifest, new MemoryStream("{}"u8.ToArray()), default);
        return new RunRequest(new BlobFolder("letters-drop", folder), null, new DropRef(manifest, etag, [file, manifest]));
    }

    private async Task<string> ReadAsync(BlobRef blob)
    {
        using var reader = new StreamReader(await _blobs.OpenReadAsync(blob, default));
        return await reader.ReadToEndAsync();
    }
}
