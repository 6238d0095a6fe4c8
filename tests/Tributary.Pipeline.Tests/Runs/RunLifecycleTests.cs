using System.Text;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

namespace Tributary.Pipeline.Tests.Runs;

/// <summary>A run's life on the SDK's engine: identical input gives no new run, re-runs, lineage, failure reports, missing files.</summary>
public sealed class RunLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();

    private PipelineServices Services => new(_blobs, _documents, new InMemoryRunEventPublisher(), TimeProvider.System);

    [Fact]
    public async Task The_same_bytes_uploaded_again_start_no_new_run_and_changed_bytes_start_one_that_follows_the_first()
    {
        var workload = new LetterCountWorkload(Services, 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        var manifest = await DropAsync("day/", "alpha\nbeta");
        var first = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        await pipeline.WaitForCompletionAsync(first.RunId!, Patience);

        await DropAsync("day/", "alpha\nbeta");
        var same = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        await DropAsync("day/", "alpha\nbeta\ngamma");
        var changed = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        var second = await pipeline.WaitForCompletionAsync(changed.RunId!, Patience);

        Assert.Equal(DropDecision.Started, first.Decision);
        Assert.Equal((DropDecision.AlreadyStarted, first.RunId), (same.Decision, same.RunId));
        Assert.Equal(DropDecision.Started, changed.Decision);
        Assert.NotEqual(first.RunId, changed.RunId);
        Assert.Equal(first.RunId, DurableJson.Deserialize<RunRequest>(second.Input).PreviousRunId);
        Assert.Equal(2, (await pipeline.Runs.ListAsync(new RunListFilter(null, null, null, null, 100, null), default)).Match(p => p.Items.Count, _ => -1, (_, _) => -1, _ => -1));
    }

    [Fact]
    public async Task A_rerun_starts_id_rerun_n_on_the_same_input_with_the_first_free_n_and_names_the_original_as_previous()
    {
        var workload = new LetterCountWorkload(Services, 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await DropAsync("r/", "alpha\nbeta\ngamma");
        var request = new RunRequest(new BlobFolder("letters-drop", "r/"), null);
        await pipeline.StartAsync("letters", request, "r1");
        var original = await pipeline.WaitForCompletionAsync("r1", Patience);

        var one = Outcome<RunStarted>.Of(await pipeline.Runs.RerunAsync("r1", default));
        var rerun = await pipeline.WaitForCompletionAsync(one.Value!.Id, Patience);
        var two = Outcome<RunStarted>.Of(await pipeline.Runs.RerunAsync("r1", default));
        await pipeline.WaitForCompletionAsync(two.Value!.Id, Patience);
        var ofRerun = Outcome<RunStarted>.Of(await pipeline.Runs.RerunAsync("r1.rerun-1", default));
        var unknown = Outcome<RunStarted>.Of(await pipeline.Runs.RerunAsync("nope", default));

        Assert.Equal(("r1.rerun-1", true), (one.Value.Id, one.Value.Created));
        Assert.Equal("r1.rerun-2", two.Value.Id);
        Assert.Equal("r1.rerun-3", ofRerun.Value!.Id);
        Assert.Equal("missing", unknown.Case);
        Assert.Equal(RuntimeStatus.Completed, rerun.Status);
        var totals = DurableJson.Deserialize<LetterTotals>(rerun.Output);
        Assert.Equal(DurableJson.Deserialize<LetterTotals>(original.Output) with { Id = "r1.rerun-1", RunId = "r1.rerun-1" }, totals);
        var input = DurableJson.Deserialize<RunRequest>(rerun.Input);
        Assert.Equal(("r1", request.Source), (input.PreviousRunId, input.Source));
    }

    [Fact]
    public async Task An_unfinished_run_cannot_be_rerun()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workload = new LetterCountWorkload(Services, 2) { Gate = gate };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await DropAsync("busy/", "alpha");
        await pipeline.StartAsync("letters", new RunRequest(new BlobFolder("letters-drop", "busy/"), null), "busy");
        await Eventually.TrueAsync(() => !workload.PartitionRuns.IsEmpty, "a partition started", 30_000);

        var refused = Outcome<RunStarted>.Of(await pipeline.Runs.RerunAsync("busy", default));
        gate.SetResult();

        Assert.Equal("conflict", refused.Case);
        Assert.Contains("Running", refused.Text);
    }

    [Fact]
    public async Task Four_failed_drops_of_one_folder_leave_four_reports()
    {
        var workload = new LetterCountWorkload(Services, 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        var runs = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            // Other bytes each time (the bad word differs), so each upload is a new run; each fails and is quarantined.
            var manifest = await DropAsync("bad/", $"alpha\nb{i}ta");
            var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
            Assert.Equal(RuntimeStatus.Failed, (await pipeline.WaitForCompletionAsync(outcome.RunId!, Patience)).Status);
            runs.Add(outcome.RunId!);
        }

        var reports = new List<string>();
        await foreach (var item in _blobs.ListAsync("quarantine", "letters-drop/bad/", default))
        {
            if (item.Blob.Path.EndsWith(Quarantine.ReportSuffix, StringComparison.Ordinal))
            {
                reports.Add(item.Blob.Path);
            }
        }

        Assert.Equal(4, runs.Distinct().Count());
        Assert.Equal(runs.Select(r => $"letters-drop/bad/manifest.json.{r}{Quarantine.ReportSuffix}").Order(), reports.Order());
        for (var i = 0; i < 4; i++)
        {
            using var reader = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", new BlobRef("letters-drop", "bad/manifest.json"), runs[i]), default));
            Assert.Contains($"'b{i + 1}ta' contains a digit", await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task A_drop_missing_a_required_file_waits_the_bound_then_fails_with_a_report_naming_it()
    {
        var workload = new LetterCountWorkload(Services, 2) { RequiredFiles = ["words.txt"] };
        var options = new PipelineOptions { MissingFileWait = TimeSpan.FromSeconds(1.5), MissingFilePoll = TimeSpan.FromMilliseconds(100) };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);
        await _blobs.EnsureContainerAsync("letters-drop", default);
        var manifest = new BlobRef("letters-drop", "lonely/manifest.json");
        await _blobs.WriteAsync(manifest, new MemoryStream("{}"u8.ToArray()), default);

        var pending = await DropListing.PendingAsync(_blobs, workload.Drop!, default);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        var state = await pipeline.WaitForCompletionAsync(outcome.RunId!, Patience);

        var lonely = Assert.Single(pending);
        Assert.Equal("lonely/", lonely.Folder);
        Assert.Equal(["words.txt"], lonely.Missing);
        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"failed after {clock.Elapsed}, before the bound");
        Assert.Contains("letters-drop/lonely/words.txt", state.Failure!.Message);
        Assert.Contains("required file is missing", state.Failure.Message);
        using var report = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", manifest, outcome.RunId!), default));
        Assert.Contains("letters-drop/lonely/words.txt", await report.ReadToEndAsync());
    }

    [Fact]
    public async Task A_required_file_that_arrives_within_the_bound_lets_the_run_complete()
    {
        var workload = new LetterCountWorkload(Services, 2) { RequiredFiles = ["words.txt"] };
        var options = new PipelineOptions { MissingFileWait = TimeSpan.FromSeconds(30), MissingFilePoll = TimeSpan.FromMilliseconds(100) };
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services, options);
        await _blobs.EnsureContainerAsync("letters-drop", default);
        var manifest = new BlobRef("letters-drop", "late/manifest.json");
        await _blobs.WriteAsync(manifest, new MemoryStream("{}"u8.ToArray()), default);

        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        await Task.Delay(500);
        await _blobs.WriteAsync(new BlobRef("letters-drop", "late/words.txt"), new MemoryStream("alpha\nbeta"u8.ToArray()), default);
        var state = await pipeline.WaitForCompletionAsync(outcome.RunId!, Patience);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Equal(2, DurableJson.Deserialize<LetterTotals>(state.Output).Words);
    }

    [Fact]
    public async Task The_drop_listing_names_folders_without_a_manifest_and_manifests_without_their_files()
    {
        var drop = new DropConvention("letters-drop", "manifest.json", ["words.txt", "extra.txt"]);
        await _blobs.EnsureContainerAsync("letters-drop", default);
        await WriteAsync("no-manifest/words.txt", "alpha");
        await WriteAsync("half/manifest.json", "{}");
        await WriteAsync("half/words.txt", "alpha");
        await WriteAsync("complete/manifest.json", "{}");
        await WriteAsync("complete/words.txt", "alpha");
        await WriteAsync("complete/extra.txt", "beta");
        await WriteAsync("root.txt", "stray");

        var pending = await DropListing.PendingAsync(_blobs, drop, default);
        var listed = await DropListing.ListAsync([new LetterCountWorkload(Services, 1) { RequiredFiles = ["words.txt"] }], _blobs, default);

        Assert.Equal(["half/", "no-manifest/", ""], pending.Select(p => p.Folder));
        Assert.Equal(["extra.txt"], pending[0].Missing);
        Assert.Equal(["extra.txt", "manifest.json"], pending[1].Missing);
        Assert.Contains("no manifest.json yet", pending[1].Reason);

        // A file at the root belongs to no drop: listed with the reason (the watcher quarantines it), never silently ignored.
        Assert.Equal(["root.txt"], pending[2].Files);
        Assert.StartsWith("outside any drop folder: a drop's files go in a folder, e.g. letters-drop/<name>/…", pending[2].Reason);
        var container = Assert.Single(listed);
        Assert.Equal(("letters", "letters-drop"), (container.Kind, container.Container));
        Assert.Equal(["no-manifest/", ""], container.Pending.Select(p => p.Folder));
    }

    private async Task<BlobRef> DropAsync(string folder, string words)
    {
        await _blobs.EnsureContainerAsync("letters-drop", default);
        await WriteAsync(folder + "words.txt", words);
        await WriteAsync(folder + "manifest.json", "{}");
        return new BlobRef("letters-drop", folder + "manifest.json");
    }

    private Task<string> WriteAsync(string path, string text) =>
        _blobs.WriteAsync(new BlobRef("letters-drop", path), new MemoryStream(Encoding.UTF8.GetBytes(text)), default);
}
