using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Orchestration;

/// <summary>The one orchestration shape, on the Durable Task SDK's own engine with real replay.</summary>
public sealed class WorkloadOrchestratorTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();
    private readonly InMemoryRunEventPublisher _events = new();

    private PipelineServices Services => new(_blobs, _documents, _events, TimeProvider.System);

    [Fact]
    public async Task A_run_plans_fans_out_per_partition_fans_in_persists_totals_and_publishes_one_completed_event()
    {
        var workload = new LetterCountWorkload(Services, linesPerPartition: 3);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);

        await pipeline.StartAsync(workload.Kind, await DropAsync("run-a/", Words), "run-a");
        var state = await pipeline.WaitForCompletionAsync("run-a", Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        var expected = new LetterTotals("run-a", "run-a", Words.Length, Words.Sum(w => w.Length), 4);
        Assert.Equal(expected, DurableJson.Deserialize<LetterTotals>(state.Output));
        Assert.Equal(expected, (await _documents.ReadAsync<LetterTotals>(LetterCountWorkload.ResultContainer, "run-a", "run-a", default))!.Document);
        Assert.Equal(DurableJson.Serialize(new RunProgress(RunProgress.Finalizing, 4, 4)), state.CustomStatus);
        var published = Assert.Single(_events.Events);
        Assert.Equal(("run-a", "letters", "Completed"), (published.RunId, published.Kind, published.Status));
        Assert.All(workload.PartitionRuns, p => Assert.Equal(1, p.Value));
        Assert.Equal(4, workload.PartitionRuns.Count);
    }

    [Fact]
    public async Task Past_the_threshold_partitions_run_in_child_orchestrations_with_the_same_result()
    {
        var options = new PipelineOptions { SubOrchestrationThreshold = 5, PartitionsPerChild = 3, MaxPartitionsInFlight = 4 };
        var workload = new LetterCountWorkload(Services, linesPerPartition: 1);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);

        await pipeline.StartAsync(workload.Kind, await DropAsync("run-b/", Words), "run-b");
        var state = await pipeline.WaitForCompletionAsync("run-b", Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Equal(new LetterTotals("run-b", "run-b", 11, Words.Sum(w => w.Length), 11), DurableJson.Deserialize<LetterTotals>(state.Output));

        // 11 partitions in children of 3: four children with deterministic ids, each its own instance, out of the listing.
        for (var child = 0; child < 4; child++)
        {
            var childState = await pipeline.RunClient.GetAsync(RunIds.Child("letters-run-b", child), true, default);
            Assert.Equal(RuntimeStatus.Completed, childState!.Status);
            Assert.Equal("letters_partitions", childState.Kind);
        }

        Assert.Null(await pipeline.RunClient.GetAsync(RunIds.Child("letters-run-b", 4), false, default));
        var listed = await pipeline.Runs.ListAsync(new RunListFilter(null, null, null, null, 100, null), default);
        Assert.Equal(["run-b"], listed.Match(p => p.Items.Select(i => i.Id).ToList(), _ => [], (_, _) => [], _ => []));
        Assert.All(workload.PartitionRuns, p => Assert.Equal(1, p.Value));
    }

    [Fact]
    public async Task A_transient_partition_failure_is_retried_until_it_succeeds()
    {
        var options = new PipelineOptions { PartitionRetry = new RetryPolicy(4, TimeSpan.FromMilliseconds(10)) };
        var workload = new LetterCountWorkload(Services, linesPerPartition: 4) { TransientFailuresPerPartition = 2 };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);

        await pipeline.StartAsync(workload.Kind, await DropAsync("flaky/", Words), "flaky");
        var state = await pipeline.WaitForCompletionAsync("flaky", Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.All(workload.PartitionRuns, p => Assert.Equal(3, p.Value));
    }

    [Fact]
    public async Task An_input_error_in_a_partition_is_never_retried_and_fails_the_run_with_a_failed_event()
    {
        var options = new PipelineOptions { PartitionRetry = new RetryPolicy(4, TimeSpan.FromMilliseconds(10)) };
        var workload = new LetterCountWorkload(Services, linesPerPartition: 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);

        await pipeline.StartAsync(workload.Kind, await DropAsync("late-bad/", ["alpha", "beta", "#gamma", "delta"]), "late-bad");
        var state = await pipeline.WaitForCompletionAsync("late-bad", Patience);

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Contains("'#gamma' is a comment", state.Failure!.Message);
        Assert.Equal(1, workload.PartitionRuns["p00001"]);
        var failed = Assert.Single(_events.Events);
        Assert.Equal(("late-bad", "Failed"), (failed.RunId, failed.Status));
        Assert.Contains("InvalidInputException", failed.Summary);
    }

    [Fact]
    public async Task A_malformed_drop_fails_its_run_and_is_quarantined_with_a_report_while_a_good_run_completes()
    {
        var workload = new LetterCountWorkload(Services, linesPerPartition: 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);

        await pipeline.StartAsync(workload.Kind, await DropAsync("bad/", ["alpha", "b3ta", "gamma"]), "bad-run");
        await pipeline.StartAsync(workload.Kind, await DropAsync("good/", Words), "good-run");
        var badState = await pipeline.WaitForCompletionAsync("bad-run", Patience);
        var goodState = await pipeline.WaitForCompletionAsync("good-run", Patience);

        Assert.Equal(RuntimeStatus.Failed, badState.Status);
        Assert.Contains("letters-drop/bad/words.txt:2: field 'word': 'b3ta' contains a digit", badState.Failure!.Message);
        Assert.Equal(RuntimeStatus.Completed, goodState.Status);
        Assert.Null(await _blobs.GetInfoAsync(new BlobRef("letters-drop", "bad/words.txt"), default));
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "letters-drop/bad/words.txt"), default));
        var report = await ReadAsync(new BlobRef("quarantine", "letters-drop/bad/manifest.json" + Quarantine.ReportSuffix));
        Assert.Contains("'b3ta' contains a digit", report);
        Assert.Contains("bad-run", report);
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("letters-drop", "good/words.txt"), default));
    }

    [Fact]
    public async Task A_terminated_run_stops_and_publishes_a_terminated_event_then_purge_removes_it_and_its_results()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workload = new LetterCountWorkload(Services, linesPerPartition: 3) { Gate = gate };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await pipeline.StartAsync(workload.Kind, await DropAsync("slow/", Words), "slow");
        await Eventually.TrueAsync(() => !workload.PartitionRuns.IsEmpty, "a partition started", 30_000);

        var terminated = await pipeline.Runs.TerminateAsync("slow", "operator stop", default);
        Assert.True(terminated.Match(_ => true, _ => false, (_, _) => false, _ => false));
        var state = await pipeline.WaitForCompletionAsync("slow", Patience);
        gate.SetResult();

        Assert.Equal(RuntimeStatus.Terminated, state.Status);
        var published = Assert.Single(_events.Events);
        Assert.Equal(("slow", "Terminated"), (published.RunId, published.Status));
        Assert.NotEmpty(await ListAsync("staging", "slow/"));

        var purged = await pipeline.Runs.PurgeAsync("slow", default);
        Assert.Equal(1, purged.Match(p => p.InstancesDeleted, _ => -1, (_, _) => -1, _ => -1));
        Assert.Null(await pipeline.Runs.FindAsync("slow", false, default));
        Assert.Empty(await ListAsync("staging", "slow/"));
    }

    private async Task<List<BlobRef>> ListAsync(string container, string prefix)
    {
        var found = new List<BlobRef>();
        await foreach (var item in _blobs.ListAsync(container, prefix, default))
        {
            found.Add(item.Blob);
        }

        return found;
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
