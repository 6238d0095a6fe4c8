using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class ReconciliationWorkloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-recon-").FullName;

    [Fact]
    public async Task A_dropped_pair_of_files_yields_the_breaks_of_the_one_piece_run_stored_per_run()
    {
        ReconDataGenerator.WriteFiles("trades", 400, seed: 9, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var manifest = new BlobRef("recon-drop", "day-1/manifest.json");
        var etag = await blobs.WriteAsync(manifest, new MemoryStream(Encoding.UTF8.GetBytes("""{"profile": "trades", "buckets": 3}""")), default);
        var request = new RunRequest(new BlobFolder("recon-drop", "day-1/"), null, new DropRef(manifest, etag, [manifest]));
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);

        await engine.StartAsync("recon", request, "recon-1");
        var state = await engine.WaitForCompletionAsync("recon-1", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var direct = ReconciliationRun.Execute(BuiltInProfiles.Get("trades"), Path.Combine(_folder, "left.csv"), Path.Combine(_folder, "right.csv"), Path.Combine(_folder, "out"), 1);
        var summary = DurableJson.Deserialize<ReconRunSummary>(state.Output);
        Assert.Equal(direct.Breaks.Count, summary.Breaks);
        Assert.True(summary.Breaks > 0);
        var stored = new List<ReconBreakDocument>();
        string? continuation = null;
        do
        {
            var page = await documents.QueryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "recon-1", new Dictionary<string, string>(), 50, continuation, default);
            stored.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(direct.Breaks.Select(b => b.BreakId).Order(), stored.Select(b => b.Id).Order());
        Assert.All(stored, b => Assert.Equal("open", b.Status));
    }

    [Fact]
    public void The_profile_must_be_a_built_in_one()
    {
        var workload = new ReconciliationWorkload(new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System));

        var errors = workload.Validate(new RunRequest(new BlobFolder("recon-drop", "x/"), System.Text.Json.JsonDocument.Parse("""{"profile": "/etc/passwd.json", "buckets": 0}""").RootElement));

        Assert.Equal(["parameters.profile", "parameters.buckets"], errors.Select(e => e.Field));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
