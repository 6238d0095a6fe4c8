using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tributary.Host.Runtime;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Local.Emulators;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The run list on a large hub: fills a task hub on Azurite (in memory) with N finished runs of the four kinds straight
/// through the task hub client, as a version older than the run index did (stand-in workloads under the real kinds' names,
/// 1 in 10 failed), or with `--seed direct` writes their instance rows as finished runs leave them (<see cref="DirectRunSeeding"/>), then starts `serve` (in process, the real workloads) on it and times: a listing while the run index is
/// being built (task hub order), the build itself (in the background), then `GET /api/runs` pages newest first, with the
/// Workload and Status filters, and the console's Runs page (its HTML and the one API call it makes), each several times.
/// </summary>
public static class RunsListBenchmark
{
    private static readonly string[] Kinds = ["hpi", "gen", "recon", "forecast"];

    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Finished runs to put in the hub.", DefaultValueFactory = _ => 10_000 };
        var repeat = new Option<int>("--repeat") { Description = "Times each request is timed.", DefaultValueFactory = _ => 5 };
        var settle = new Option<int?>("--settle-seconds")
        {
            Description = "Wait at most this long for the runs to finish before measuring (default: until all have). The host measured " +
                "runs the same stand-in workloads, so runs still unfinished go on finishing, trivially, while it is measured.",
        };
        var seed = new Option<string>("--seed")
        {
            Description = "hub: start the runs through the task hub client and let them run (slow: more than 32 min for 10,000 here); " +
                "direct: write their instance rows as finished runs leave them (DirectRunSeeding).",
            DefaultValueFactory = _ => "hub",
        };
        seed.AcceptOnlyFromAmong("hub", "direct");
        var command = new Command("runs-list", "GET /api/runs and the console's Runs page on a hub of N runs (run index built at start, in the background).")
        {
            runs, repeat, settle, seed,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var count = parse.GetValue(runs);
            var times = parse.GetValue(repeat);
            var loads = new List<string> { LoadAverage() };
            Console.Error.WriteLine("starting Azurite and the local Cosmos server (in memory)...");
            await using var emulators = await LocalEmulators.StartAsync(null, cancel);
            var seeding = parse.GetValue(seed) == "direct"
                ? await DirectRunSeeding.SeedAsync(emulators, Kinds, count, cancel)
                : await SeedAsync(emulators, count, parse.GetValue(settle), cancel);
            loads.Add(LoadAverage());
            Console.Error.WriteLine($"{count} runs seeded (all finished unless --settle-seconds cut the wait) in {seeding.TotalSeconds:0} s; load {loads[^1]}");

            var key = ApiKey.Generate();
            var settings = new HostSettings
            {
                Urls = "http://127.0.0.1:0", RunTimers = false, WatchDrops = false,
                Security = new SecuritySettings { ApiKeys = [new ApiKeyEntry("bench", ApiKey.Hash(key), new HashSet<Role> { Role.Reader })] },
            };
            var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "bench", null, cancel);
            var startClock = Stopwatch.StartNew();
            // The stand-ins again: a run the seeding left unfinished finishes here as it would have there, with no real work.
            await using var app = PipelineHost.Build(settings, backend, _ => Kinds.Select(k => (IWorkload)new StandInWorkload(k, '7')), logging => logging.ClearProviders());
            await app.StartAsync(cancel);
            var started = startClock.Elapsed;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Add(ApiKey.Header, key);

            var table = new Table().AddColumns("request", "order", "items", "seconds, median (min-max)");
            // While the index is built: the first listing of a fresh host answers at once, from the task hub.
            var during = await TimeAsync(http, "api/runs?pageSize=50", 1, cancel);
            Row(table, "first page while the index is built (pageSize=50)", during);
            while ((await GetAsync(http, "api/runs?pageSize=1", cancel)).Order != RunOrder.NewestFirst)
            {
                await Task.Delay(500, cancel);
            }

            var built = startClock.Elapsed - started;
            loads.Add(LoadAverage());
            Console.Error.WriteLine($"run index built in the background in {built.TotalSeconds:0.0} s (host started in {started.TotalSeconds:0.0} s)");

            var first = await TimeAsync(http, "api/runs?pageSize=50", times, cancel);
            Row(table, "first page, newest first (pageSize=50)", first);
            var token = first.Page.ContinuationToken;
            var next = new List<double>();
            for (var page = 2; page <= 20 && token is not null; page++)
            {
                var timed = await TimeAsync(http, $"api/runs?pageSize=50&continuationToken={Uri.EscapeDataString(token)}", 1, cancel);
                next.Add(timed.Seconds[0]);
                token = timed.Page.ContinuationToken;
            }

            Row(table, "pages 2-20, each following the last's token", new Timed(next, first.Page));
            foreach (var (label, query) in new[]
            {
                ("Workload = gen", "kind=gen"),
                ("Status = Failed (1 run in 10)", "status=Failed"),
                ("Status = Completed", "status=Completed"),
                ("Status = Terminated (1 run in 200)", "status=Terminated"),
                ("Workload = recon, Status = Failed", "kind=recon&status=Failed"),
            })
            {
                var timed = await TimeAsync(http, $"api/runs?{query}&pageSize=50", times, cancel);
                Row(table, label + ", first page", timed);
                if (timed.Page.ContinuationToken is { } more)
                {
                    Row(table, label + ", next page", await TimeAsync(http, $"api/runs?{query}&pageSize=50&continuationToken={Uri.EscapeDataString(more)}", times, cancel));
                }
            }

            // The console's Runs page: its HTML shell (modules are cached after the first visit) and the one API call it makes.
            var pageLoads = new List<double>();
            for (var i = 0; i < times; i++)
            {
                var clock = Stopwatch.StartNew();
                using (var html = await http.GetAsync("runs", cancel))
                {
                    html.EnsureSuccessStatusCode();
                    await html.Content.ReadAsStringAsync(cancel);
                }

                await GetAsync(http, "api/runs?pageSize=50", cancel);
                pageLoads.Add(clock.Elapsed.TotalSeconds);
            }

            Row(table, "console Runs page (HTML + GET /api/runs?pageSize=50)", new Timed(pageLoads, first.Page));
            loads.Add(LoadAverage());
            var statuses = new List<string>();
            foreach (var status in Enum.GetValues<RuntimeStatus>())
            {
                var n = 0;
                string? after = null;
                do
                {
                    var part = await GetAsync(http, $"api/runs?status={status}&pageSize=1000{(after is null ? "" : "&continuationToken=" + Uri.EscapeDataString(after))}", cancel);
                    n += part.Items.Count;
                    after = part.ContinuationToken;
                }
                while (after is not null);
                statuses.Add($"{status} {n}");
            }

            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
            AnsiConsole.Write(table);
            Console.WriteLine($"{count} runs seeded in {seeding.TotalSeconds:0} s; host started in {started.TotalSeconds:0.0} s; run index built in the background in {built.TotalSeconds:0.0} s");
            Console.WriteLine($"runs by status at the end: {string.Join(", ", statuses)}");
            Console.WriteLine($"load average (1/5/15 min) at start, after seeding, after the build, at the end: {string.Join(" | ", loads)}");
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    private static async Task<TimeSpan> SeedAsync(LocalEmulators emulators, int count, int? settleSeconds, CancellationToken cancel)
    {
        await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "bench seeding", null, cancel);
        var services = new PipelineServices(backend.Blobs, backend.Documents, backend.Events, TimeProvider.System);
        var parts = PipelineParts.Compose(services, null, _ => Kinds.Select(k => (IWorkload)new StandInWorkload(k, '7')));
        await using var runtime = await DurableTaskRuntime.StartOnStorageAsync(emulators.StorageSettings, new TaskHubSettings(), parts.Tasks);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel }, async (n, c) =>
        {
            // Kinds in runs of ten, so each kind has ids ending in every digit (and its share of failed runs).
            var kind = Kinds[n / 10 % Kinds.Length];
            await runtime.Client.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, $"seed-{n:D5}"), new RunRequest(null, null), c);
        });
        Console.Error.WriteLine($"{count} runs started in {clock.Elapsed.TotalSeconds:0} s; waiting for them to finish...");
        while (true)
        {
            var open = await runtime.Client.QueryAsync(new RunQuery([RuntimeStatus.Pending, RuntimeStatus.Running], PageSize: 1000, WithInputsAndOutputs: false), cancel);
            if ((open.Runs.Count == 0 && open.ContinuationToken is null) || clock.Elapsed.TotalSeconds >= settleSeconds)
            {
                return clock.Elapsed;
            }

            Console.Error.WriteLine($"  {open.Runs.Count}{(open.ContinuationToken is null ? "" : "+")} unfinished after {clock.Elapsed.TotalSeconds:0} s");
            await Task.Delay(5000, cancel);
        }
    }

    private sealed record Timed(IReadOnlyList<double> Seconds, RunPage Page);

    private static async Task<Timed> TimeAsync(HttpClient http, string path, int times, CancellationToken cancel)
    {
        var seconds = new List<double>();
        RunPage? page = null;
        for (var i = 0; i < times; i++)
        {
            var clock = Stopwatch.StartNew();
            page = await GetAsync(http, path, cancel);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return new Timed(seconds, page!);
    }

    private static async Task<RunPage> GetAsync(HttpClient http, string path, CancellationToken cancel)
    {
        using var response = await http.GetAsync(path, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        return JsonSerializer.Deserialize<RunPage>(body, Tributary.Pipeline.Durable.DurableJson.Options)!;
    }

    private static void Row(Table table, string label, Timed timed)
    {
        var s = timed.Seconds.Order().ToList();
        if (s.Count == 0)
        {
            return;
        }

        var median = s.Count == 0 ? double.NaN : s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
        table.AddRow(label, timed.Page.Order, timed.Page.Items.Count.ToString(CultureInfo.InvariantCulture),
            s.Count == 1 ? $"{s[0]:0.00}" : $"{median:0.00} ({s[0]:0.00}-{s[^1]:0.00}), n={s.Count}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
