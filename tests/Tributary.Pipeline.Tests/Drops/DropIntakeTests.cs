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
    [InlineData("up/../", "{}", "'..' segment")]
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
}
