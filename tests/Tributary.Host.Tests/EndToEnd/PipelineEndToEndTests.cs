using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host;
using Xunit.Abstractions;
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

/// <summary>The built host as child processes on real emulators: drops, a kill -9 mid-run and restart, two processes on one task hub, quarantine.</summary>
public sealed class PipelineEndToEndTests(EmulatorFixture fixture, ITestOutputHelper output) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-e2e-").FullName;

    [Fact]
    public async Task A_host_killed_mid_run_finishes_after_a_restart_with_the_same_results_as_an_uninterrupted_run()
    {
        var emulators = fixture.Emulators;
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "e2e", null, default);
        var journal = Path.Combine(_scratch, "journal.tsv");
        var market = Path.Combine(_scratch, "market");
        MarketSimulator.Write(market, new SimulationOptions(Seed: 21, Cbsas: 24, TractsPerCbsa: 16, StartYear: 2000, EndYear: 2020, PropertiesPerTract: 400));

        using var first = await HostProcess.StartAsync(emulators, journal, maxActivities: 1, taskHub: "killtest");
        // One CBSA a partition, so the kill lands between partitions (by default a market this small is one or two). Enough of
        // them that the first process cannot run them all between starting its second and the kill: with 10 it once did (CI,
        // after Azurite's writes got cheaper), and the restarted process then had no partition left to run.
        const string Manifest = """{"partitions": 24}""";
        await DropMarketAsync(backend.Blobs, market, "kill-test/", Manifest);
        var runId = DropIds.Of("hpi", [.. new[] { "transactions.csv", "tracts.csv", "tract_years.csv" }
            .Select(n => (new BlobRef("hpi-drop", "kill-test/" + n), File.ReadAllBytes(Path.Combine(market, n)))), (new BlobRef("hpi-drop", "kill-test/manifest.json"), System.Text.Encoding.UTF8.GetBytes(Manifest))]);
        using var http = HostProcess.Client();

        // kill -9 once the first process has started two CBSAs: the run is mid-flight, its plan done, its finalize not.
        await WaitAsync(() => Task.FromResult(Partitions(journal, runId).Count(e => e.ProcessId == first.Id) >= 2), "2 CBSAs started", TimeSpan.FromMilliseconds(10));
        first.Kill();
        Assert.Equal(RuntimeStatus.Running, (await StatusAsync(http, null, runId, backend)).RuntimeStatus);

        using var second = await HostProcess.StartAsync(emulators, journal, maxActivities: 2, taskHub: "killtest");
        var final = await WaitForTerminalAsync(http, second.Url, runId);

        Assert.Equal(RuntimeStatus.Completed, final.RuntimeStatus);
        var entries = Partitions(journal, runId);
        Assert.Contains(entries, e => e.ProcessId == first.Id);
        Assert.Contains(entries, e => e.ProcessId == second.Id);
        Assert.Equal(24, entries.Select(e => e.Partition).Distinct().Count());
        var again = entries.GroupBy(e => e.Partition).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        output.WriteLine($"partitions executed more than once after the kill: {again.Count} of 24 ({string.Join(", ", again)}); executions in all: {entries.Count}, {entries.Count(e => e.ProcessId == first.Id)} of them in the killed process");

        // The same drop seen again by the restarted host's watcher: still one run.
        var listed = await http.GetFromJsonAsync<RunPage>($"{second.Url}/api/runs?kind=hpi", DurableJson.Options);
        Assert.Single(listed!.Items);

        // Results equal an uninterrupted computation of the same files, bit for bit.
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
    public async Task Two_serve_processes_on_one_task_hub_share_a_runs_partitions_and_complete_it_once()
    {
        var emulators = fixture.Emulators;
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "e2e", null, default);
        var journalA = Path.Combine(_scratch, "scale-a.tsv");
        var journalB = Path.Combine(_scratch, "scale-b.tsv");
        using var a = await HostProcess.StartAsync(emulators, journalA, maxActivities: 2, taskHub: "scaleout");
        using var b = await HostProcess.StartAsync(emulators, journalB, maxActivities: 2, taskHub: "scaleout");
        await backend.Blobs.EnsureContainerAsync("gen-requests", default);
        const string scale = """{"seed": 9, "count": 60000, "batchSize": 1000}""";
        await backend.Blobs.WriteAsync(new BlobRef("gen-requests", "scale.json"), Utf8(scale), default);
        var runId = DropIds.Of("gen", (new BlobRef("gen-requests", "scale.json"), Encoding.UTF8.GetBytes(scale)));
        using var http = HostProcess.Client();

        var final = await WaitForTerminalAsync(http, a.Url, runId);

        Assert.Equal(RuntimeStatus.Completed, final.RuntimeStatus);
        var inA = Partitions(journalA, runId);
        var inB = Partitions(journalB, runId);
        output.WriteLine($"partitions executed: {inA.Count} in process {a.Id}, {inB.Count} in process {b.Id}");
        Assert.NotEmpty(inA);
        Assert.NotEmpty(inB);
        Assert.Equal(60, inA.Concat(inB).Select(e => e.Partition).Distinct().Count());
        var finalizes = ExecutionJournal.Read(journalA).Concat(ExecutionJournal.Read(journalB)).Count(e => e.RunId == runId && e.Task == "gen_finalize");
        Assert.Equal(1, finalizes);
        var listed = await http.GetFromJsonAsync<RunPage>($"{b.Url}/api/runs?kind=gen", DurableJson.Options);
        Assert.Single(listed!.Items, r => r.Id == runId);
    }

    private static List<JournalEntry> Partitions(string journal, string runId) =>
        ExecutionJournal.Read(journal).Where(e => e.RunId == runId && e.Partition is not null).ToList();

    [Fact]
    public async Task A_malformed_drop_fails_and_is_quarantined_while_a_concurrent_good_drop_completes()
    {
        var emulators = fixture.Emulators;
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "e2e", null, default);
        using var host = await HostProcess.StartAsync(emulators, Path.Combine(_scratch, "journal2.tsv"), maxActivities: 4);
        await backend.Blobs.EnsureContainerAsync("recon-drop", default);
        (BlobRef, byte[])[] broken =
        [
            (new BlobRef("recon-drop", "broken/left.csv"), Encoding.UTF8.GetBytes("trade_id,quantity\nT1,ten\n")),
            (new BlobRef("recon-drop", "broken/right.csv"), Encoding.UTF8.GetBytes("trade_id,quantity\nT1,10\n")),
            (new BlobRef("recon-drop", "broken/manifest.json"), Encoding.UTF8.GetBytes("""{"profile": "trades"}""")),
        ];
        foreach (var (blob, content) in broken)
        {
            await backend.Blobs.WriteAsync(blob, new MemoryStream(content), default);
        }

        await backend.Blobs.EnsureContainerAsync("gen-requests", default);
        var goodRequest = Encoding.UTF8.GetBytes("""{"seed": 3, "count": 3000, "batchSize": 1000}""");
        await backend.Blobs.WriteAsync(new BlobRef("gen-requests", "e2e.json"), new MemoryStream(goodRequest), default);
        using var http = HostProcess.Client();

        var badId = DropIds.Of("recon", broken);
        var bad = await WaitForTerminalAsync(http, host.Url, badId);
        var good = await WaitForTerminalAsync(http, host.Url, DropIds.Of("gen", (new BlobRef("gen-requests", "e2e.json"), goodRequest)));

        Assert.Equal(RuntimeStatus.Failed, bad.RuntimeStatus);
        Assert.Contains("recon-drop/broken/left.csv", bad.Failure!.Message);
        Assert.Null(await backend.Blobs.GetInfoAsync(new BlobRef("recon-drop", "broken/left.csv"), default));
        Assert.NotNull(await backend.Blobs.GetInfoAsync(new BlobRef("quarantine", "recon-drop/broken/left.csv"), default));
        using var report = new StreamReader(await backend.Blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", new BlobRef("recon-drop", "broken/manifest.json"), badId), default));
        Assert.Contains("recon-drop/broken/left.csv", await report.ReadToEndAsync());
        Assert.Equal(RuntimeStatus.Completed, good.RuntimeStatus);
        var manifest = await http.GetFromJsonAsync<JsonElement>($"{host.Url}/api/gen/{good.Id}");
        Assert.Equal(3000, manifest.GetProperty("items")[0].GetProperty("manifest").GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("rows").GetInt64()));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static async Task<(BlobRef Trigger, string ETag)> DropMarketAsync(IBlobStore blobs, string market, string folder, string manifest = "{}")
    {
        await blobs.EnsureContainerAsync("hpi-drop", default);
        foreach (var name in new[] { "transactions.csv", "tracts.csv", "tract_years.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(market, name));
            await blobs.WriteAsync(new BlobRef("hpi-drop", folder + name), file, default);
        }

        var trigger = new BlobRef("hpi-drop", folder + "manifest.json");
        return (trigger, await blobs.WriteAsync(trigger, Utf8(manifest), default));
    }

    // Straight from the task hub, for when no host is up to ask.
    private static async Task<RunStatusView> StatusAsync(HttpClient http, string? url, string id, PipelineBackend backend)
    {
        var service = new DurableTask.AzureStorage.AzureStorageOrchestrationService(
            Tributary.Host.Runtime.DurableTaskRuntime.AzureStorageSettings(backend.Storage!, new Tributary.Host.Runtime.TaskHubSettings { TaskHubName = "killtest" }));
        var state = await new DurableTask.Core.TaskHubClient(service).GetOrchestrationStateAsync(RunIds.InstanceId("hpi", id));
        return RunService.View(Tributary.Host.Runtime.TaskHubRunClient.ToState(state ?? throw new InvalidOperationException($"no instance of run {id}")));
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

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
