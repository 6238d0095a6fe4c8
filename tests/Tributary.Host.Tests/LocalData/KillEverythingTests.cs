using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve.Security;
using Tributary.Hpi.Simulation;
using Tributary.Pipeline.Ports;
using Tributary.Reconciliation.Synthetic;
using Tributary.Storage.Blobs;
using Tributary.Local.Emulators;
using Tributary.Local.LocalData;
using Tributary.Storage.StorageAccount;
using Xunit.Abstractions;

namespace Tributary.Host.Tests.LocalData;

/// <summary>
/// `tributary serve` with its own emulators on a fresh data directory, killed whole (kill -9 of serve, Azurite and the Cosmos
/// server) while a large run is in flight, then stopped cleanly (SIGTERM) with another in flight: after each restart every
/// completed run is listed with its results and break history, and the run in flight completes.
/// </summary>
public sealed class KillEverythingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RunPatience = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-kill-all-").FullName;
    private readonly List<Process> _started = [];

    [Fact]
    public async Task Completed_runs_and_break_work_survive_kill_9_of_everything_and_a_clean_stop_and_runs_in_flight_complete()
    {
        var clock = Stopwatch.StartNew();
        var directory = new DataDirectory(Path.Combine(_folder, "data"));
        var serve = StartServe(directory);
        var api = await WaitForApiAsync(directory, serve, null);
        using var http = Serve.TestKeys.Client(api, LocalAdminKey.TryRead(directory.AdminKeyFile));
        var blobs = BlobsOf(directory);

        // One small run of each kind, and a break moved along the workflow.
        var market = Path.Combine(_folder, "market");
        MarketSimulator.Write(market, new SimulationOptions(Seed: 3, Cbsas: 1, TractsPerCbsa: 4, StartYear: 2010, EndYear: 2014, PropertiesPerTract: 40));
        await UploadAsync(blobs, "hpi-drop", "kill/", market, "transactions.csv", "tracts.csv", "tract_years.csv");
        var recon = Path.Combine(_folder, "recon");
        ReconDataGenerator.WriteFiles("trades", 200, seed: 8, breakRate: 0.05, recon);
        await UploadAsync(blobs, "recon-drop", "kill/", recon, "left.csv", "right.csv");
        await StartAsync(http, "hpi", """{"id": "k-hpi", "source": {"container": "hpi-drop", "prefix": "kill/"}, "parameters": {"dataset": "kill"}}""");
        await StartAsync(http, "recon", """{"id": "k-recon", "source": {"container": "recon-drop", "prefix": "kill/"}, "parameters": {"profile": "trades"}}""");
        await StartAsync(http, "gen", """{"id": "k-gen", "parameters": {"seed": 1, "count": 2000, "batchSize": 500}}""");
        foreach (var id in new[] { "k-hpi", "k-recon", "k-gen" })
        {
            Assert.Equal("Completed", (await WaitFinishedAsync(http, id)).GetProperty("runtimeStatus").GetString());
        }

        var breaks = await BreaksAsync(http, "k-recon");
        var worked = breaks[0].GetProperty("id").GetString()!;
        using (var patch = await http.PatchAsync($"api/recon/k-recon/breaks/{worked}", Json("""{"status": "in_review", "comment": "ana looks at it"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var before = await ResultsAsync(http);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: three runs completed, break {worked} in review");

        // kill -9 of serve and both emulators while 2M rows in 40 batches are being generated.
        await StartAsync(http, "gen", """{"id": "k-big", "parameters": {"seed": 2, "count": 2000000, "batchSize": 50000}}""");
        var done = await WaitInFlightAsync(http, "k-big");
        var emulators = File.ReadAllLines(Path.Combine(directory.Root, "emulators.pids")).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, emulators.Count);
        var killed = emulators.Select(Process.GetProcessById).ToList();
        foreach (var emulator in killed)
        {
            emulator.Kill();
        }

        serve.Kill();
        await serve.WaitForExitAsync();
        foreach (var emulator in killed)
        {
            // SIGKILL is delivered asynchronously; the process is gone once the kernel has torn it down.
            Assert.True(emulator.WaitForExit(10_000), $"emulator {emulator.Id} survived kill -9");
            emulator.Dispose();
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed serve {serve.Id} and emulators {string.Join(", ", emulators)} at {done}/40 batches");

        serve = StartServe(directory);
        api = await WaitForApiAsync(directory, serve, null);
        using var afterKill = Serve.TestKeys.Client(api, LocalAdminKey.TryRead(directory.AdminKeyFile));
        Assert.Equal(before, await ResultsAsync(afterKill));
        var big = await WaitFinishedAsync(afterKill, "k-big");
        Assert.Equal("Completed", big.GetProperty("runtimeStatus").GetString());
        Assert.Equal(2_000_000, await GeneratedRowsAsync(afterKill, "k-big"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: after the restart every result is there and k-big completed");

        // A clean stop (SIGTERM) with another run in flight, and a start on the same folder.
        var secondEmulators = File.ReadAllLines(Path.Combine(directory.Root, "emulators.pids")).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        await StartAsync(afterKill, "gen", """{"id": "k-big-2", "parameters": {"seed": 3, "count": 800000, "batchSize": 20000}}""");
        done = await WaitInFlightAsync(afterKill, "k-big-2");
        using (var term = Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await serve.WaitForExitAsync(stopped.Token);
        }

        foreach (var pid in secondEmulators)
        {
            var gone = DateTime.UtcNow.AddSeconds(10);
            while (IsRunning(pid) && DateTime.UtcNow < gone)
            {
                await Task.Delay(100);
            }

            Assert.False(IsRunning(pid), $"emulator {pid} outlived the clean stop");
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: serve stopped cleanly (exit {serve.ExitCode}) at {done}/40 batches");

        serve = StartServe(directory);
        api = await WaitForApiAsync(directory, serve, null);
        using var afterStop = Serve.TestKeys.Client(api, LocalAdminKey.TryRead(directory.AdminKeyFile));
        Assert.Equal(before, await ResultsAsync(afterStop));
        Assert.Equal("Completed", (await WaitFinishedAsync(afterStop, "k-big-2")).GetProperty("runtimeStatus").GetString());
        Assert.Equal(800_000, await GeneratedRowsAsync(afterStop, "k-big-2"));
        Assert.Equal(2_000_000, await GeneratedRowsAsync(afterStop, "k-big"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: after the clean restart k-big-2 completed; done");
    }

    public void Dispose()
    {
        foreach (var process in _started.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // An emulator of a killed host may still be closing its files.
        }
    }

    // What a person would check: the completed runs listed, each one's results, the worked break with its history.
    private static async Task<string> ResultsAsync(HttpClient http)
    {
        var text = new StringBuilder();
        var runs = await http.GetFromJsonAsync<JsonElement>("api/runs?status=Completed&pageSize=1000");
        foreach (var id in runs.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Where(i => i is "k-hpi" or "k-recon" or "k-gen").Order(StringComparer.Ordinal))
        {
            text.AppendLine(id);
        }

        var national = await http.GetFromJsonAsync<JsonElement>("api/hpi/national?dataset=kill&weighting=sample");
        text.AppendLine(national.GetProperty("items")[0].GetProperty("points").GetRawText());
        text.AppendLine((await GeneratedRowsAsync(http, "k-gen")).ToString(CultureInfo.InvariantCulture));
        foreach (var found in await BreaksAsync(http, "k-recon"))
        {
            text.AppendLine($"{found.GetProperty("id")} {found.GetProperty("status")} {found.GetProperty("history").GetRawText()}");
        }

        Assert.Contains("k-hpi", text.ToString());
        Assert.Contains("in_review", text.ToString());
        return text.ToString();
    }

    private static async Task<long> GeneratedRowsAsync(HttpClient http, string id)
    {
        var manifest = await http.GetFromJsonAsync<JsonElement>($"api/gen/{id}");
        return manifest.GetProperty("items")[0].GetProperty("manifest").GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("rows").GetInt64());
    }

    private static async Task<List<JsonElement>> BreaksAsync(HttpClient http, string runId)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"api/recon/{runId}/breaks?pageSize=500");
        return page.GetProperty("items").EnumerateArray().OrderBy(b => b.GetProperty("id").GetString(), StringComparer.Ordinal).ToList();
    }

    private static async Task StartAsync(HttpClient http, string kind, string body)
    {
        using var response = await http.PostAsync($"api/runs/{kind}", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{kind}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> WaitFinishedAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow + RunPatience;
        while (true)
        {
            using var response = await http.GetAsync($"api/runs/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not finish in {RunPatience} ({response.StatusCode})");
            await Task.Delay(200);
        }
    }

    // In flight: fanned out, at least two batches done and more to go.
    private static async Task<int> WaitInFlightAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow + RunPatience;
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"api/runs/{id}");
            Assert.Contains(status.GetProperty("runtimeStatus").GetString(), new[] { "Pending", "Running" });
            if (status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object
                && custom.GetProperty("done").GetInt32() is var done and >= 2 && done < custom.GetProperty("total").GetInt32())
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} never got under way");
            await Task.Delay(100);
        }
    }

    private static IBlobStore BlobsOf(DataDirectory directory)
    {
        var endpoints = LocalEndpoints.TryRead(directory.EndpointsFile)!;
        var connection = $"DefaultEndpointsProtocol=http;AccountName={LocalEmulators.StorageAccountName};AccountKey={LocalEmulators.StorageAccountKey};" +
            $"BlobEndpoint={endpoints.Blob};QueueEndpoint={endpoints.Queue};TableEndpoint={endpoints.Table};";
        return new AzureBlobStore(new StorageSettings { ConnectionString = connection }.CreateBlobServiceClient());
    }

    private static async Task UploadAsync(IBlobStore blobs, string container, string folder, string local, params string[] names)
    {
        await blobs.EnsureContainerAsync(container, default);
        foreach (var name in names)
        {
            await using var file = File.OpenRead(Path.Combine(local, name));
            await blobs.WriteAsync(new BlobRef(container, folder + name), file, default);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<Uri> WaitForApiAsync(DataDirectory directory, Process host, Uri? after)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            if (LocalEndpoints.TryRead(directory.EndpointsFile) is { Api: { } api, Pid: var pid } && pid == host.Id && api != after)
            {
                try
                {
                    using var health = await probe.GetAsync(new Uri(api, "api/health"));
                    if (health.IsSuccessStatusCode)
                    {
                        return api;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"serve (pid {host.Id}, exited: {host.HasExited}) published no API in {directory.EndpointsFile}");
    }

    private Process StartServe(DataDirectory directory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        foreach (var argument in new[] { HostAssembly(), "serve", "--data", directory.Root, "--emulator-ports", "Random", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        // No configured Azure: serve starts its own emulators on the data directory.
        start.Environment.Remove("Storage__connectionString");
        start.Environment.Remove("Cosmos__connectionString");
        start.Environment["Tributary__RunTimers"] = "false";
        start.Environment["Tributary__WatchDrops"] = "false";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _started.Add(process);
        return process;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // tests/Tributary.Host.Tests/bin/<configuration>/<tfm>/ → functions/Tributary.Host/bin/<configuration>/<tfm>/tributary.dll.
    private static string HostAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(root.FullName, "functions", "Tributary.Host", "bin", configuration.Name, tfm.Name, "tributary.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first: {path} is missing", path);
    }
}
