using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

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
    public async Task Finalize_removes_the_staging_and_run_again_answers_from_its_record_until_a_purge_removes_it()
    {
        var workload = new LetterCountWorkload(Services, linesPerPartition: 3);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        var request = await DropAsync("again/", Words);
        await pipeline.StartAsync(workload.Kind, request, "again");
        var state = await pipeline.WaitForCompletionAsync("again", Patience);

        // Completed with its staging already gone: finalize removed it, no step of its own ran after.
        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Empty(await ListAsync("staging", "again/"));
        Assert.Equal(1, workload.FinalizeRuns);

        // The same finalize again, as after a crash that lost its completion: it answers with the recorded summary and
        // neither reads the staging (gone) nor publishes a second Completed event.
        var finalize = new FinalizeActivity(workload, Services, new PipelineOptions());
        var call = new FinalizeCall("again", request, new WorkloadPlan([], System.Text.Json.JsonDocument.Parse("""{"words": 11}""").RootElement), [], DateTimeOffset.UtcNow);
        var again = await finalize.RunAsync(new ActivityContext("letters_finalize", "letters-again"), call);
        Assert.Equal(DurableJson.Deserialize<LetterTotals>(state.Output), DurableJson.Deserialize<LetterTotals>(again.GetRawText()));
        Assert.Equal(1, workload.FinalizeRuns);
        Assert.Single(_events.Events);

        // A purge removes the record with the run; without it, finalize would have to read the staging that is gone.
        Assert.Equal(1, (await pipeline.Runs.PurgeAsync("again", default)).Match(p => p.InstancesDeleted, _ => -1, (_, _) => -1, _ => -1));
        Assert.Null(await _blobs.GetInfoAsync(FinalizedRecord.Of(workload.Kind, "again"), default));
        await Assert.ThrowsAsync<FileNotFoundException>(() => finalize.RunAsync(new ActivityContext("letters_finalize", "letters-again"), call));
        Assert.Equal(2, workload.FinalizeRuns);
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
        var options = new PipelineOptions { PartitionRetry = new RetrySchedule(4, TimeSpan.FromMilliseconds(10)) };
        var workload = new LetterCountWorkload(Services, linesPerPartition: 4) { TransientFailuresPerPartition = 2 };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);

        await pipeline.StartAsync(workload.Kind, await DropAsync("flaky/", Words), "flaky");
        var state = await pipeline.WaitForCompletionAsync("flaky", Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.All(workload.PartitionRuns, p => Assert.Equal(3, p.Value));
    }

    [Fact]
    public async Task An_attempt_past_its_time_limit_is_cancelled_and_retried_on_the_sdk_engine_too()
    {
        // Azure's adapter used to drop RetrySchedule.Timeout: a hung attempt hung the run. Activities now enforce it themselves.
        var options = new PipelineOptions { PartitionRetry = new RetrySchedule(3, TimeSpan.FromMilliseconds(10), Timeout: TimeSpan.FromMilliseconds(300)) };
        var workload = new LetterCountWorkload(Services, linesPerPartition: 6) { HangingAttemptsPerPartition = 1 };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);

        await pipeline.StartAsync(workload.Kind, await DropAsync("hang/", Words), "hang");
        var state = await pipeline.WaitForCompletionAsync("hang", Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.All(workload.PartitionRuns, p => Assert.Equal(2, p.Value));
    }

    [Fact]
    public async Task Listing_by_kind_is_a_store_query_so_pages_are_full_and_children_never_show()
    {
        // The Functions app used to filter by kind after paging: a page of 2 could come back with 0 or 1 runs.
        var letters = new LetterCountWorkload(Services, linesPerPartition: 20);
        var other = new LetterCountWorkload(Services, linesPerPartition: 20, kind: "words");
        await using var pipeline = await SdkPipeline.StartAsync([letters, other], Services);
        var request = await DropAsync("list/", Words);
        foreach (var (kind, id) in new[] { ("words", "a1"), ("letters", "b1"), ("words", "c1"), ("letters", "d1"), ("words", "e1"), ("letters", "f1") })
        {
            await pipeline.StartAsync(kind, request, id);
            await pipeline.WaitForCompletionAsync(id, Patience);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await pipeline.Runs.ListAsync(new RunListFilter(null, "letters", null, null, 2, token), default)).Match(p => p, _ => null!, (_, _) => null!, _ => null!);
            Assert.True(page.Items.Count == 2 || page.ContinuationToken is null, $"a short page with more to come: {page.Items.Count}");
            Assert.All(page.Items, i => Assert.Equal("letters", i.Kind));
            seen.AddRange(page.Items.Select(i => i.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["b1", "d1", "f1"], seen.Order());
        var all = (await pipeline.Runs.ListAsync(new RunListFilter(null, null, null, null, 4, null), default)).Match(p => p, _ => null!, (_, _) => null!, _ => null!);
        Assert.Equal(4, all.Items.Count);
        Assert.NotNull(all.ContinuationToken);
        var rest = (await pipeline.Runs.ListAsync(new RunListFilter(null, null, null, null, 4, all.ContinuationToken), default)).Match(p => p, _ => null!, (_, _) => null!, _ => null!);
        Assert.Equal(["a1", "b1", "c1", "d1", "e1", "f1"], all.Items.Concat(rest.Items).Select(i => i.Id).Order());
        Assert.Null(rest.ContinuationToken);
    }

    [Fact]
    public async Task A_garbage_or_tampered_continuation_token_is_a_field_error_not_a_server_error()
    {
        var workload = new LetterCountWorkload(Services, linesPerPartition: 20);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);

        foreach (var token in new[] { "garbage", "eyJraW5kIjo5fQ", "eyJraW5kIjowLCJ0b2tlbiI6Im5vcGUifQ", new string('A', 9000) })
        {
            var outcome = await pipeline.Runs.ListAsync(new RunListFilter(null, null, null, null, 10, token), default);
            Assert.Equal("continuationToken", outcome.Match(_ => "found", _ => "missing", (field, _) => field, _ => "conflict"));
        }
    }

    [Fact]
    public async Task Asking_again_for_a_run_id_with_other_parameters_is_a_conflict_naming_the_difference()
    {
        var workload = new LetterCountWorkload(Services, linesPerPartition: 20);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        var first = new StartRunRequest("same", new RunRequest(new BlobFolder("letters-drop", "one/"), null));
        var again = first with { Run = new RunRequest(new BlobFolder("letters-drop", "two/"), null) };

        var started = await pipeline.Runs.StartAsync("letters", first, default);
        var repeated = await pipeline.Runs.StartAsync("letters", first, default);
        var conflict = await pipeline.Runs.StartAsync("letters", again, default);

        Assert.True(started.Match(s => s.Created, _ => false, (_, _) => false, _ => false));
        Assert.False(repeated.Match(s => s.Created, _ => true, (_, _) => true, _ => true));
        var detail = conflict.Match(_ => "", _ => "", (_, _) => "", c => c);
        Assert.Contains("letters-drop/one/", detail);
        Assert.Contains("letters-drop/two/", detail);
    }

    [Fact]
    public async Task An_input_error_in_a_partition_is_never_retried_and_fails_the_run_with_a_failed_event()
    {
        var options = new PipelineOptions { PartitionRetry = new RetrySchedule(4, TimeSpan.FromMilliseconds(10)) };
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
        Assert.Empty(await ListAsync("staging", "late-bad/"));

        // What GET /api/runs/{id} shows: the cause, not the engine's "Task 'letters_partition' (#2) failed with an unhandled exception".
        var view = Outcome<RunStatusView>.Of(await pipeline.Runs.GetAsync("late-bad", default)).Value!;
        Assert.Contains("failed with an unhandled exception", state.Failure.Message);
        Assert.StartsWith("staging/late-bad/part-00001.txt: field 'word'", view.Failure!.Message);
        Assert.DoesNotContain("unhandled exception", view.Failure.Message);
        Assert.Null(view.Failure.StackTrace);
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
        var report = await ReadAsync(Quarantine.ReportFor("quarantine", new BlobRef("letters-drop", "bad/manifest.json"), "bad-run"));
        Assert.Contains("'b3ta' contains a digit", report);
        Assert.Contains("bad-run", report);
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("letters-drop", "good/words.txt"), default));
    }

    [Fact]
    public async Task A_terminated_run_stops_publishes_a_terminated_event_and_loses_its_partial_outputs_then_purge_removes_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workload = new LetterCountWorkload(Services, linesPerPartition: 3) { Gate = gate };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await pipeline.StartAsync(workload.Kind, await DropAsync("slow/", Words), "slow");
        await Eventually.TrueAsync(() => !workload.PartitionRuns.IsEmpty, "a partition started", 30_000);
        Assert.NotEmpty(await ListAsync("staging", "slow/"));

        var terminated = await pipeline.Runs.TerminateAsync("slow", "operator stop", default);
        Assert.True(terminated.Match(_ => true, _ => false, (_, _) => false, _ => false));
        var state = await pipeline.WaitForCompletionAsync("slow", Patience);

        // The staged partitions the plan wrote are gone as soon as the terminate answered; the instance stays until a purge.
        Assert.Empty(await ListAsync("staging", "slow/"));
        gate.SetResult();
        Assert.Equal(RuntimeStatus.Terminated, state.Status);
        var published = Assert.Single(_events.Events);
        Assert.Equal(("slow", "Terminated"), (published.RunId, published.Status));
        Assert.NotNull(await pipeline.Runs.FindAsync("slow", false, default));

        var purged = await pipeline.Runs.PurgeAsync("slow", default);
        Assert.Equal(1, purged.Match(p => p.InstancesDeleted, _ => -1, (_, _) => -1, _ => -1));
        Assert.Null(await pipeline.Runs.FindAsync("slow", false, default));
    }

    [Fact]
    public async Task Partitions_running_on_after_a_terminate_have_their_outputs_removed_when_they_end()
    {
        // Busy partitions that never look at cancellation: they finish and write after the terminate answered.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workload = new LetterCountWorkload(Services, linesPerPartition: 2) { Gate = gate, IgnoresCancellation = true, WritesCounts = true };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, new PipelineOptions { StopPoll = TimeSpan.FromMilliseconds(50) });
        await pipeline.StartAsync(workload.Kind, await DropAsync("runaway/", Words), "runaway");
        await Eventually.TrueAsync(() => !workload.PartitionRuns.IsEmpty, "a partition started", 30_000);

        var terminated = await pipeline.Runs.TerminateAsync("runaway", "operator stop", default);
        gate.SetResult();

        // Each partition that was running writes its count when released; the last one to end removes them all.
        await Eventually.TrueAsync(
            async () => workload.PartitionEnds == workload.PartitionRuns.Count && (await ListAsync("staging", "runaway/")).Count == 0,
            "every started partition ended and the run's blobs are gone", 30_000);
        Assert.True(terminated.Match(_ => true, _ => false, (_, _) => false, _ => false));
        Assert.Null(await _documents.ReadAsync<LetterTotals>(LetterCountWorkload.ResultContainer, "runaway", "runaway", default));
        Assert.Equal(RuntimeStatus.Terminated, (await pipeline.Runs.FindAsync("runaway", false, default))!.Status);
    }

    [Fact]
    public async Task Partitions_running_at_a_terminate_are_cancelled_and_a_partition_of_a_terminated_run_never_starts()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workload = new LetterCountWorkload(Services, linesPerPartition: 2) { Gate = gate, WritesCounts = true };
        var options = new PipelineOptions { StopPoll = TimeSpan.FromMilliseconds(50) };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);
        await pipeline.StartAsync(workload.Kind, await DropAsync("held/", Words), "held");
        await Eventually.TrueAsync(() => !workload.PartitionRuns.IsEmpty, "a partition started", 30_000);

        await pipeline.Runs.TerminateAsync("held", null, default);

        // The gate stays shut: only the stop can end them.
        await Eventually.TrueAsync(
            async () => workload.PartitionEnds == workload.PartitionRuns.Count && (await ListAsync("staging", "held/")).Count == 0,
            "every started partition stopped", 30_000);

        // A partition delivered after the terminate (the backend still hands out what was queued) does no work at all.
        var late = new PartitionActivity(workload, Services, options);
        var call = new PartitionCall("held", new WorkloadPlan([], System.Text.Json.JsonDocument.Parse("""{"words": 1}""").RootElement),
            new PartitionRef("p00009", new BlobRef("staging", "held/part-00009.txt")), DateTimeOffset.UtcNow.AddMinutes(-1));
        await Assert.ThrowsAsync<RunStoppedException>(() => late.RunAsync(new ActivityContext("letters_partition", "letters-held"), call));
        Assert.False(workload.PartitionRuns.ContainsKey("p00009"));

        // A later run under the same id (after a purge) is not stopped by the earlier run's terminate.
        gate.SetResult();
        Assert.Equal(1, (await pipeline.Runs.PurgeAsync("held", default)).Match(p => p.InstancesDeleted, _ => -1, (_, _) => -1, _ => -1));
        await pipeline.StartAsync(workload.Kind, await DropAsync("held/", Words), "held");
        Assert.Equal(RuntimeStatus.Completed, (await pipeline.WaitForCompletionAsync("held", Patience)).Status);
    }

    private sealed class ActivityContext(string name, string instanceId) : Microsoft.DurableTask.TaskActivityContext
    {
        public override Microsoft.DurableTask.TaskName Name => new(name);

        public override string InstanceId => instanceId;
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
