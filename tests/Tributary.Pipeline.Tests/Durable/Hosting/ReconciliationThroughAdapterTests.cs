using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Pipeline.Tests.Durable.Hosting;

/// <summary>A real workload through the adapter: its plan context, bucket summaries and run summary survive Durable's string payloads unchanged.</summary>
public sealed class ReconciliationThroughAdapterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-adapter-recon-").FullName;

    [Fact]
    public async Task A_reconciliation_drop_gives_the_engines_summary_and_breaks_through_the_adapter()
    {
        ReconDataGenerator.WriteFiles("trades", 300, seed: 17, breakRate: 0.05, _folder);
        var engineSide = await WorldAsync();
        var adapterSide = await WorldAsync();
        await using var engine = new DurableEngine(new InMemoryInstanceStore(), engineSide.Registry);

        await engine.StartAsync(ReconciliationWorkload.KindName, engineSide.Request, "recon-a");
        var state = await engine.WaitForCompletionAsync("recon-a", TimeSpan.FromSeconds(60));
        var functions = new[] { "recon", "recon.partitions", "recon.plan", "recon.partition", "recon.finalize", "recon.quarantine" }
            .ToDictionary(FunctionNames.For, name => name);
        var durable = new FakeDurableHost(adapterSide.Registry, functions, "recon-a", DurableJson.Serialize(adapterSide.Request));
        var output = await durable.RunAsync(ReconciliationWorkload.KindName);

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.True(DurableJson.Deserialize<ReconRunSummary>(output).Breaks > 0);
        Assert.Equal(state.Output, output);
        Assert.Equal(5, durable.Calls.Count);
        Assert.Equal(await BreakIdsAsync(engineSide.Documents), await BreakIdsAsync(adapterSide.Documents));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<List<string>> BreakIdsAsync(InMemoryDocumentStore documents)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await documents.QueryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "recon-a", new Dictionary<string, string>(), 100, continuation, default);
            ids.AddRange(page.Items.Select(b => b.Id));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return ids.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<(DurableRegistry Registry, InMemoryDocumentStore Documents, RunRequest Request)> WorldAsync()
    {
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
        return (new DurableRegistry().AddWorkload(new ReconciliationWorkload(services), services), documents, request);
    }
}
