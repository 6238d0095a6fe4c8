using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>The run lifecycle through the HTTP API on Azurite and the local Cosmos server: purge, re-run, incomplete drops.</summary>
public sealed class LifecycleEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-lifecycle-").FullName;

    [Fact]
    public async Task Purging_a_gen_run_and_a_recon_run_removes_their_documents_and_blobs_and_a_rerun_keeps_break_work()
    {
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "lifecycle", null, default);
        await using var host = await HostHarness.StartAsync(backend, WorkloadCatalog.Create, new HostSettings { WatchDrops = false });
        await UploadReconAsync(backend.Blobs, "purge-1/");

        using var gen = await host.Http.PostAsync("api/runs/gen", Json("""{"id": "life-gen", "parameters": {"seed": 5, "count": 4000, "batchSize": 1000}}"""));
        using var recon = await host.Http.PostAsync("api/runs/recon", Json("""{"id": "life-recon", "source": {"container": "recon-drop", "prefix": "purge-1/"}, "parameters": {"profile": "trades"}}"""));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (gen.StatusCode, recon.StatusCode));
        Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync("life-gen", 120)).RuntimeStatus);
        Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync("life-recon", 120)).RuntimeStatus);
        var breaks = await BreaksAsync(host, "life-recon");
        Assert.NotEmpty(breaks);
        Assert.NotEmpty(await ListAsync(backend.Blobs, "gen-output", "life-gen/"));
        Assert.NotEmpty(await ListAsync(backend.Blobs, "recon-output", "life-recon/"));
        Assert.Empty(await ListAsync(backend.Blobs, "recon-staging", "life-recon/")); // removed once the run finished

        // A worked break, then a re-run over HTTP: 202 with the re-run's id, and the break keeps its work there.
        var worked = breaks[0].GetProperty("id").GetString()!;
        using var patch = await host.Http.PatchAsync($"api/recon/life-recon/breaks/{worked}", Json("""{"status": "in_review", "assignee": "ana"}"""));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using var rerun = await host.Http.PostAsync("api/runs/life-recon/rerun", null);
        var links = await rerun.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        Assert.Equal("life-recon.rerun-1", links!.Id);
        Assert.EndsWith("/api/runs/life-recon.rerun-1", rerun.Headers.Location!.ToString());
        Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync("life-recon.rerun-1", 120)).RuntimeStatus);
        var kept = (await BreaksAsync(host, "life-recon.rerun-1")).Single(b => b.GetProperty("id").GetString() == worked);
        Assert.Equal(("in_review", "ana"), (kept.GetProperty("status").GetString(), kept.GetProperty("assignee").GetString()));
        Assert.Equal("found again in run life-recon.rerun-1", kept.GetProperty("history")[1].GetProperty("note").GetString());
        using var unknownRerun = await host.Http.PostAsync("api/runs/no-such-run/rerun", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownRerun.StatusCode);

        using var purgeGen = await host.Http.DeleteAsync("api/runs/life-gen");
        using var purgeRecon = await host.Http.DeleteAsync("api/runs/life-recon");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (purgeGen.StatusCode, purgeRecon.StatusCode));

        using var genRead = await host.Http.GetAsync("api/gen/life-gen");
        using var genStatus = await host.Http.GetAsync("api/runs/life-gen");
        using var reconStatus = await host.Http.GetAsync("api/runs/life-recon");
        Assert.Equal(HttpStatusCode.NotFound, genRead.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (genStatus.StatusCode, reconStatus.StatusCode));
        Assert.Empty(await BreaksAsync(host, "life-recon"));
        Assert.Empty(await ListAsync(backend.Blobs, "gen-output", "life-gen/"));
        Assert.Empty(await ListAsync(backend.Blobs, "recon-output", "life-recon/"));
        Assert.Empty(await ListAsync(backend.Blobs, "recon-staging", "life-recon/"));

        // The re-run's results are its own: purging the original leaves them.
        Assert.NotEmpty(await BreaksAsync(host, "life-recon.rerun-1"));
    }

    [Fact]
    public async Task Get_drops_lists_a_folder_without_its_manifest_and_a_manifest_without_its_data()
    {
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "lifecycle", null, default);
        await using var host = await HostHarness.StartAsync(backend, WorkloadCatalog.Create, new HostSettings { WatchDrops = false });
        await backend.Blobs.EnsureContainerAsync("hpi-drop", default);
        await backend.Blobs.WriteAsync(new BlobRef("hpi-drop", "listing-a/transactions.csv"), new MemoryStream("x"u8.ToArray()), default);
        await backend.Blobs.WriteAsync(new BlobRef("hpi-drop", "listing-b/manifest.json"), new MemoryStream("{}"u8.ToArray()), default);
        await backend.Blobs.WriteAsync(new BlobRef("hpi-drop", "listing-b/tracts.csv"), new MemoryStream("x"u8.ToArray()), default);

        var drops = await host.Http.GetFromJsonAsync<JsonElement>("api/drops");

        var hpi = drops.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "hpi");
        Assert.Equal("hpi-drop", hpi.GetProperty("container").GetString());
        var pending = hpi.GetProperty("pending").EnumerateArray().ToDictionary(p => p.GetProperty("folder").GetString()!, p => p.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList());
        Assert.Equal(["tracts.csv", "manifest.json"], pending["listing-a/"]);
        Assert.Equal(["transactions.csv"], pending["listing-b/"]);
        Assert.Contains(drops.GetProperty("containers").EnumerateArray(), c => c.GetProperty("container").GetString() == "gen-requests");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private async Task UploadReconAsync(IBlobStore blobs, string folder)
    {
        var local = Path.Combine(_scratch, folder.TrimEnd('/'));
        ReconDataGenerator.WriteFiles("trades", 300, seed: 12, breakRate: 0.05, local);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(local, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", folder + name), file, default);
        }
    }

    private static async Task<List<JsonElement>> BreaksAsync(HostHarness host, string runId)
    {
        var page = await host.Http.GetFromJsonAsync<JsonElement>($"api/recon/{runId}/breaks?pageSize=500");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<List<BlobRef>> ListAsync(IBlobStore blobs, string container, string prefix)
    {
        var found = new List<BlobRef>();
        await foreach (var item in blobs.ListAsync(container, prefix, default))
        {
            found.Add(item.Blob);
        }

        return found;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
