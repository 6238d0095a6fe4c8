using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Simulation;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Cosmos;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>The built host as a child process on real emulators: drops, a hard kill mid-run, restart, quarantine.</summary>
public sealed class PipelineEndToEndTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-e2e-").FullName;

    [Fact]
    public async Task A_host_killed_mid_run_resumes_without_recomputing_finished_partitions_and_gives_the_uninterrupted_result()
    {
        var emulators = fixture.Emulators;
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "e2e", null, default);
        var journal = Path.Combine(_scratch, "journal.tsv");
        var market = Path.Combine(_scratch, "market");
        MarketSimulator.Write(market, new SimulationOptions(Seed: 21, Cbsas: 10, TractsPerCbsa: 16, StartYear: 2000, EndYear: 2020, PropertiesPerTract: 400));

        using var first = await HostProcess.StartAsync(emulators, journal, maxActivities: 1);
        var (trigger, etag) = await DropMarketAsync(backend.Blobs, market, "kill-test/");
        var runId = DropScanner.RunId("hpi", trigger, etag);
        using var http = new HttpClient();

        // Kill as soon as two CBSAs are recorded (read straight from Cosmos; progress over HTTP lags by design).
        await WaitAsync(async () => (await backend.Instances.GetHistoryAsync(runId, default)).Count(r => r.Name == "hpi.partition") >= 2, "2 CBSAs recorded");
        first.Kill();
        var recordedBeforeKill = (await backend.Instances.GetHistoryAsync(runId, default)).Select(r => r.Sequence).ToHashSet();
        var beforeState = await backend.Instances.GetAsync(runId, default);
        Assert.Equal(RuntimeStatus.Running, beforeState!.Status);
        Assert.InRange(recordedBeforeKill.Count, 3, 10); // plan + at least 2 of 10 CBSAs, and not the finalize

        using var second = await HostProcess.StartAsync(emulators, journal, maxActivities: 2);
        var final = await WaitForTerminalAsync(http, second.Url, runId);

        Assert.Equal(RuntimeStatus.Completed, final.RuntimeStatus);
        var entries = ExecutionJournal.Read(journal).Where(e => e.InstanceId == runId).ToList();
        Assert.Contains(entries, e => e.ProcessId == first.Id);
        Assert.Contains(entries, e => e.ProcessId == second.Id);
        Assert.DoesNotContain(entries, e => e.ProcessId == second.Id && recordedBeforeKill.Contains(e.Sequence));
        var history = await backend.Instances.GetHistoryAsync(runId, default);
        Assert.Equal(12, history.Count); // plan + 10 CBSAs + finalize, each recorded once
        Assert.Equal(10, history.Count(r => r.Name == "hpi.partition"));

        // The same drop seen again by the restarted host's watcher: still one run.
        var runs = await backend.Instances.ListAsync(new InstanceQuery(Kind: "hpi"), default);
        Assert.Single(runs.Instances);

        // Results equal an uninterrupted computation of the same files.
        var direct = HpiRun.Execute(
            HpiDataset.Load(Path.Combine(market, "transactions.csv"), Path.Combine(market, "tracts.csv"), Path.Combine(market, "tract_years.csv"), false),
            Tributary.Hpi.HpiParameters.Default);
        foreach (var cbsa in direct.Cbsas)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"{second.Url}/api/hpi/{cbsa.CbsaCode}?weighting=value");
            var levels = page.GetProperty("items")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("level").GetDouble());
            Assert.Equal(cbsa.For(WeightingScheme.Value).Points.Select(p => p.Level), levels);
        }
    }

    [Fact]
    public async Task A_malformed_drop_fails_and_is_quarantined_while_a_concurrent_good_drop_completes()
    {
        var emulators = fixture.Emulators;
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "e2e", null, default);
        using var host = await HostProcess.StartAsync(emulators, Path.Combine(_scratch, "journal2.tsv"), maxActivities: 4);
        await backend.Blobs.EnsureContainerAsync("recon-drop", default);
        await backend.Blobs.WriteAsync(new BlobRef("recon-drop", "broken/left.csv"), Utf8("trade_id,quantity\nT1,ten\n"), default);
        await backend.Blobs.WriteAsync(new BlobRef("recon-drop", "broken/right.csv"), Utf8("trade_id,quantity\nT1,10\n"), default);
        var badEtag = await backend.Blobs.WriteAsync(new BlobRef("recon-drop", "broken/manifest.json"), Utf8("""{"profile": "trades"}"""), default);
        await backend.Blobs.EnsureContainerAsync("gen-requests", default);
        var goodEtag = await backend.Blobs.WriteAsync(new BlobRef("gen-requests", "e2e.json"), Utf8("""{"seed": 3, "count": 3000, "batchSize": 1000}"""), default);
        using var http = new HttpClient();

        var bad = await WaitForTerminalAsync(http, host.Url, DropScanner.RunId("recon", new BlobRef("recon-drop", "broken/manifest.json"), badEtag));
        var good = await WaitForTerminalAsync(http, host.Url, DropScanner.RunId("gen", new BlobRef("gen-requests", "e2e.json"), goodEtag));

        Assert.Equal(RuntimeStatus.Failed, bad.RuntimeStatus);
        Assert.Contains("recon-drop/broken/left.csv", bad.Failure!.Message);
        Assert.Null(await backend.Blobs.GetInfoAsync(new BlobRef("recon-drop", "broken/left.csv"), default));
        Assert.NotNull(await backend.Blobs.GetInfoAsync(new BlobRef("quarantine", "recon-drop/broken/left.csv"), default));
        using var report = new StreamReader(await backend.Blobs.OpenReadAsync(new BlobRef("quarantine", "recon-drop/broken/manifest.json" + Quarantine.ReportSuffix), default));
        Assert.Contains("recon-drop/broken/left.csv", await report.ReadToEndAsync());
        Assert.Equal(RuntimeStatus.Completed, good.RuntimeStatus);
        var manifest = await http.GetFromJsonAsync<JsonElement>($"{host.Url}/api/gen/{good.Id}");
        Assert.Equal(3000, manifest.GetProperty("items")[0].GetProperty("manifest").GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("rows").GetInt64()));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static async Task<(BlobRef Trigger, string ETag)> DropMarketAsync(IBlobStore blobs, string market, string folder)
    {
        await blobs.EnsureContainerAsync("hpi-drop", default);
        foreach (var name in new[] { "transactions.csv", "tracts.csv", "tract_years.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(market, name));
            await blobs.WriteAsync(new BlobRef("hpi-drop", folder + name), file, default);
        }

        var trigger = new BlobRef("hpi-drop", folder + "manifest.json");
        return (trigger, await blobs.WriteAsync(trigger, Utf8("{}"), default));
    }

    private static async Task<RunStatusView?> StatusAsync(HttpClient http, string url, string id)
    {
        using var response = await http.GetAsync($"{url}/api/runs/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>(DurableJson.Options) : null;
    }

    private static async Task<RunStatusView> WaitForTerminalAsync(HttpClient http, string url, string id)
    {
        RunStatusView? status = null;
        await WaitAsync(async () => (status = await StatusAsync(http, url, id)) is { RuntimeStatus: RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated }, $"run {id} to finish");
        return status!;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
