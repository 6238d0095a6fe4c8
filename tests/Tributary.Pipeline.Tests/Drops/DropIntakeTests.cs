using System.Text;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Drops;

/// <summary>The drop policy both hosts share: the self-hosted watcher and the Functions app's blob trigger call it alike.</summary>
public sealed class DropIntakeTests
{
    private readonly InMemoryBlobStore _blobs = new();

    private PipelineServices Services => new(_blobs, new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);

    [Fact]
    public async Task A_blob_event_for_a_blob_already_gone_starts_nothing()
    {
        // The Functions trigger used to read the missing blob's properties and fail; the watcher had this guard.
        var workload = new LetterCountWorkload(Services, 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);

        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, new BlobRef("letters-drop", "gone/manifest.json"), default);

        Assert.Equal(DropDecision.Gone, outcome.Decision);
        Assert.Null(outcome.RunId);
    }

    [Fact]
    public async Task Only_the_trigger_starts_a_run_once_and_a_second_event_for_it_is_recognised()
    {
        var workload = new LetterCountWorkload(Services, 2);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await _blobs.EnsureContainerAsync("letters-drop", default);
        var words = new BlobRef("letters-drop", "d/words.txt");
        var manifest = new BlobRef("letters-drop", "d/manifest.json");
        await _blobs.WriteAsync(words, new MemoryStream(Encoding.UTF8.GetBytes("alpha\nbeta")), default);
        await _blobs.WriteAsync(manifest, new MemoryStream("{}"u8.ToArray()), default);

        var data = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, words, default);
        var started = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);
        var redelivered = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, manifest, default);

        Assert.Equal(DropDecision.NotATrigger, data.Decision);
        Assert.Equal(DropDecision.Started, started.Decision);
        Assert.Equal(DropDecision.AlreadyProcessed, redelivered.Decision);
        Assert.Equal(started.RunId, redelivered.RunId);
        Assert.Equal(Tributary.Pipeline.Runs.RuntimeStatus.Completed, (await pipeline.WaitForCompletionAsync(started.RunId!, TimeSpan.FromSeconds(60))).Status);
    }

    [Theory]
    [InlineData("mine/", """{"dataset": "../etc"}""", "is not a dataset name")]
    [InlineData("mine/", """{"dataset": "a#b"}""", "is not a dataset name")]
    [InlineData("trailing /", "{}", "spaces at either end")]
    public async Task A_drop_with_a_bad_dataset_or_drop_name_is_quarantined_with_a_report_at_once_and_starts_no_run(string folder, string manifest, string problem)
    {
        var workload = new HpiWorkload(Services);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await _blobs.EnsureContainerAsync("hpi-drop", default);
        var data = new BlobRef("hpi-drop", folder + "transactions.csv");
        var trigger = new BlobRef("hpi-drop", folder + "manifest.json");
        await _blobs.WriteAsync(data, new MemoryStream("property_id\n"u8.ToArray()), default);
        await _blobs.WriteAsync(trigger, new MemoryStream(Encoding.UTF8.GetBytes(manifest)), default);

        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, trigger, default);

        Assert.Equal(DropDecision.Quarantined, outcome.Decision);
        Assert.Null(await pipeline.Runs.FindAsync(outcome.RunId!, withInputsAndOutputs: false, default));
        Assert.Null(await _blobs.GetInfoAsync(data, default));
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "hpi-drop/" + folder + "transactions.csv"), default));
        using var report = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", trigger, outcome.RunId!), default));
        Assert.Contains(problem, await report.ReadToEndAsync());
    }

    [Theory]
    [InlineData("noext")]
    [InlineData("nested/b.json")]
    [InlineData("notes.txt")]
    public async Task A_blob_that_can_never_be_a_request_is_quarantined_with_a_report_saying_where_requests_go(string path)
    {
        var workload = new Tributary.Pipeline.Generation.GenerationWorkload(Services);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await _blobs.EnsureContainerAsync("gen-requests", default);
        var blob = new BlobRef("gen-requests", path);
        await _blobs.WriteAsync(blob, new MemoryStream("""{"count": 10}"""u8.ToArray()), default);

        var listed = await DropListing.PendingAsync(_blobs, workload.Drop!, default);
        var stray = Assert.Single(await DropScanner.StraysAsync(_blobs, workload.Drop!, default));
        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, stray.Blob, default);

        Assert.Contains("not a request: a request is one <name>.json file at the root of gen-requests", Assert.Single(listed).Reason);
        Assert.Equal(DropDecision.Quarantined, outcome.Decision);
        Assert.Null(await _blobs.GetInfoAsync(blob, default));
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "gen-requests/" + path), default));
        using var report = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", blob, outcome.RunId!), default));
        Assert.Contains($"gen-requests/{path}: not a request", await report.ReadToEndAsync());
        Assert.Empty(await DropListing.PendingAsync(_blobs, workload.Drop!, default));
    }

    [Fact]
    public async Task A_request_named_in_capitals_starts_a_run()
    {
        var workload = new Tributary.Pipeline.Generation.GenerationWorkload(Services);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await _blobs.EnsureContainerAsync("gen-requests", default);
        await _blobs.WriteAsync(new BlobRef("gen-requests", "UPPER.JSON"), new MemoryStream("""{"count": 200, "batchSize": 100}"""u8.ToArray()), default);

        var trigger = Assert.Single(await DropScanner.PendingTriggersAsync(_blobs, workload.Drop!, default));
        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, trigger.Blob, default);

        Assert.Equal(DropDecision.Started, outcome.Decision);
        var state = await pipeline.WaitForCompletionAsync(outcome.RunId!, TimeSpan.FromSeconds(60));
        Assert.True(state.Status == Tributary.Pipeline.Runs.RuntimeStatus.Completed, state.Failure?.Message);
    }

    [Theory]
    [InlineData("hpi-drop", "x/../y/manifest.json")]
    [InlineData("hpi-drop", "x/./transactions.csv")]
    [InlineData("gen-requests", "a/../b.json")]
    public async Task A_blob_whose_name_storage_clients_cannot_address_is_listed_with_the_reason_and_left_alone(string container, string path)
    {
        IWorkload workload = container == "hpi-drop" ? new HpiWorkload(Services) : new Tributary.Pipeline.Generation.GenerationWorkload(Services);
        await using var pipeline = await SdkPipeline.StartAsync([workload], Services);
        await _blobs.EnsureContainerAsync(container, default);
        var blob = new BlobRef(container, path);
        await _blobs.WriteAsync(blob, new MemoryStream("{}"u8.ToArray()), default);

        var outcome = await DropIntake.AcceptAsync(pipeline.Runs, workload, _blobs, blob, default);
        var listed = await DropListing.PendingAsync(_blobs, workload.Drop!, default);

        Assert.Equal(DropDecision.Unreachable, outcome.Decision);
        Assert.Contains("'.' or '..' segment", outcome.Reason);
        Assert.Empty(await DropScanner.PendingTriggersAsync(_blobs, workload.Drop!, default));
        Assert.Contains(blob.Path, (await DropScanner.StraysAsync(_blobs, workload.Drop!, default)).Select(s => s.Blob.Path));
        var entry = Assert.Single(listed, p => p.Reason.Contains("'.' or '..' segment", StringComparison.Ordinal));
        Assert.Equal(blob.Path, entry.Folder + Assert.Single(entry.Files));
        Assert.NotNull(await _blobs.GetInfoAsync(blob, default));
    }
}
