using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Host.LocalData;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Local.LocalData;

namespace Tributary.Host.Demo;

/// <summary>
/// `tributary demo`: the whole pipeline on a fresh machine. Starts the emulators and the host, drops a sample input for every
/// workload, follows the runs and prints what each produced and where; stops everything on exit.
/// </summary>
public static class DemoVerb
{
    public static Command Create()
    {
        var inMemory = new Option<bool>("--in-memory")
        {
            Description = "Keep nothing on disk: the emulators run in memory on random ports, the data directory is not used (no lock, no " +
                "endpoints.json), nothing survives. Default: start Azurite and the local Cosmos server on the data directory.",
        };
        var data = LocalDataSession.DataOption(
            "Where the emulators keep their data (kept after the demo, shared with `serve`), the lock and endpoints.json.");
        var ports = LocalDataSession.PortsOption();
        var keep = new Option<bool>("--keep-running")
        {
            Description = "Keep the host (and emulators) running after the runs finish, so you can explore the HTTP API; Ctrl+C stops.",
        };
        var command = new Command("demo",
            "Run the whole pipeline here with nothing set up: installs and starts the emulators (Azurite, local Cosmos server) on the " +
            "data directory and the conventional loopback ports when free, starts the host, drops sample inputs (house price market, trades reconciliation, synthetic transactions) " +
            "into the drop folders, shows progress and prints what each run produced and where. Stops everything on exit.")
        {
            inMemory, keep, data, ports,
        };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var configuration = HostConfiguration.Load();
            if (LocalDataSession.OpenForVerb(configuration, parse.GetValue(inMemory), parse.GetValue(data), parse.GetValue(ports)) is not { } local)
            {
                return CliAction.EnvironmentFailure;
            }

            using var session = local;
            return await RunAsync(configuration, session, LocalDataSession.Resolve(parse.GetValue(data)).AdminKeyFile, parse.GetValue(inMemory), parse.GetValue(keep), cancel);
        }));
        return command;
    }

    private static async Task<int> RunAsync(IConfiguration configuration, LocalDataSession session, string adminKeyFile, bool inMemory, bool keepRunning, CancellationToken cancel)
    {
        var console = CliAction.Progress;
        var clock = Stopwatch.StartNew();
        var scratch = Directory.CreateTempSubdirectory("tributary-demo-").FullName;
        try
        {
            console.MarkupLine("[bold]1/4[/] starting storage...");
            var backend = await BackendFactory.CreateAsync(configuration, inMemory, Console.Error, cancel, session.Emulators);
            console.MarkupLineInterpolated($"     {backend.Description} ({clock.Elapsed.TotalSeconds:0.0} s)");

            console.MarkupLine("[bold]2/4[/] starting the host...");
            var settings = new HostSettings { Urls = "http://127.0.0.1:0", DropPollInterval = TimeSpan.FromMilliseconds(500) };
            settings = settings with { Security = LocalAdminKey.ApplyDefault(HostSettings.From(configuration).Security, adminKeyFile, Console.Error) };
            await using var app = PipelineHost.Build(settings, backend, logging: l => l.SetMinimumLevel(LogLevel.Warning)); // owns the backend
            await app.StartAsync(cancel);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var runtime = app.Services.GetRequiredService<PipelineRuntime>();
            var workloads = app.Services.GetRequiredService<IReadOnlyDictionary<string, IWorkload>>();
            session.PublishApi(address);
            console.MarkupLineInterpolated($"     {address} (health: {address}/api/health, OpenAPI: {address}/openapi/v1.json)");

            console.MarkupLine("[bold]3/4[/] generating sample inputs and dropping them...");
            var drops = await DemoSamples.DropAllAsync(backend.Blobs, scratch, cancel);
            var runs = new List<(DemoSamples.Drop Drop, string RunId)>();
            foreach (var drop in drops)
            {
                // From the drop's content, as the watcher derives it (marking the trigger processed changes no bytes).
                runs.Add((drop, await DropScanner.RunIdAsync(backend.Blobs, drop.Kind, workloads[drop.Kind].Drop!, drop.Trigger, cancel)));
                console.MarkupLineInterpolated($"     {drop.Kind,-6} {drop.Trigger} - {drop.What}");
            }

            console.MarkupLine("[bold]4/4[/] following the runs the drops started...");
            var finals = await FollowAsync(runtime, runs, cancel);
            Report(console, address, runs, finals);
            if (settings.Security.LocalKeyFile is { } keyFile)
            {
                console.WriteLine();
                console.MarkupLineInterpolated($"the URLs need the local admin key: curl -H \"X-Api-Key: $(cat {keyFile})\" {address}/api/runs");
            }

            console.MarkupLineInterpolated($"done in {clock.Elapsed.TotalSeconds:0.0} s");
            if (keepRunning)
            {
                console.MarkupLine("host keeps running; Ctrl+C stops it and the emulators");
                await Task.Delay(Timeout.Infinite, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await app.StopAsync(CancellationToken.None);
            return finals.Values.All(s => s.Status == RuntimeStatus.Completed) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<Dictionary<string, RunState>> FollowAsync(
        PipelineRuntime runtime, List<(DemoSamples.Drop Drop, string RunId)> runs, CancellationToken cancel)
    {
        var finals = new Dictionary<string, RunState>();
        await CliAction.Progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bars = runs.ToDictionary(r => r.RunId, r => progress.AddTask($"{r.Drop.Kind} waiting for the drop watcher", maxValue: 1));
                var deadline = DateTime.UtcNow.AddMinutes(5);
                while (finals.Count < runs.Count && DateTime.UtcNow < deadline)
                {
                    foreach (var (drop, id) in runs.Where(r => !finals.ContainsKey(r.RunId)))
                    {
                        var state = await runtime.Runs.FindAsync(id, withInputsAndOutputs: true, cancel);
                        if (state is null)
                        {
                            continue;
                        }

                        var bar = bars[id];
                        if (state.CustomStatus is { } custom)
                        {
                            using var json = JsonDocument.Parse(custom);
                            var phase = json.RootElement.GetProperty("phase").GetString();
                            var total = json.RootElement.GetProperty("total").GetInt32();
                            bar.Description = $"{drop.Kind} {phase} {json.RootElement.GetProperty("done").GetInt32()}/{total}";
                            if (total > 0)
                            {
                                bar.MaxValue = total + 1;
                                bar.Value = json.RootElement.GetProperty("done").GetInt32();
                            }
                        }

                        if (state.IsTerminal)
                        {
                            bar.Description = $"{drop.Kind} {state.Status}";
                            bar.Value = bar.MaxValue;
                            finals[id] = state;
                        }
                    }

                    await Task.Delay(200, cancel);
                }
            });
        return finals;
    }

    // One block per run rather than a table: the "where" column holds long URLs that a table would wrap to pieces.
    private static void Report(IAnsiConsole console, string address, List<(DemoSamples.Drop Drop, string RunId)> runs, Dictionary<string, RunState> finals)
    {
        foreach (var (drop, id) in runs)
        {
            console.WriteLine();
            if (!finals.TryGetValue(id, out var state))
            {
                console.MarkupLineInterpolated($"[bold]{drop.Kind}[/] {id}: [red]not finished[/] ({address}/api/runs/{id})");
                continue;
            }

            var seconds = (state.LastUpdatedAt - state.CreatedAt).TotalSeconds;
            var ok = state.Status == RuntimeStatus.Completed;
            console.MarkupLineInterpolated($"[bold]{drop.Kind}[/] {id}: {(ok ? "Completed" : state.Status.ToString())} in {seconds:0.0} s");
            if (!ok)
            {
                console.MarkupLineInterpolated($"  [red]{state.Failure?.Message ?? state.Status.ToString()}[/]");
                continue;
            }

            var (produced, where) = Describe(drop.Kind, state.Output!, address, id);
            console.MarkupLineInterpolated($"  produced: {produced}");
            foreach (var place in where.Split("; "))
            {
                console.MarkupLineInterpolated($"  where:    {place}");
            }

            console.MarkupLineInterpolated($"  status:   {address}/api/runs/{id}");
        }

        console.WriteLine();
    }

    private static (string Produced, string Where) Describe(string kind, string output, string address, string runId)
    {
        using var json = JsonDocument.Parse(output);
        var o = json.RootElement;
        string Blob(string name) => $"{o.GetProperty(name).GetProperty("container").GetString()}/{o.GetProperty(name).GetProperty("path").GetString()}";
        return kind switch
        {
            "hpi" => ($"{o.GetProperty("cbsas").GetInt32()} CBSA + national indices, {o.GetProperty("seriesDocuments").GetInt32()} series (6 weightings), " +
                      $"{o.GetProperty("pairsKept").GetInt64():N0} pairs kept",
                      $"Cosmos hpi-series; blob {Blob("nationalCsv")}; {address}/api/hpi/national?weighting=sample"),
            "recon" => ($"{o.GetProperty("breaks").GetInt64():N0} breaks, match rate {o.GetProperty("matchRate").GetDouble():P2}",
                        $"Cosmos recon-breaks; blob {Blob("summaryJson")}; {address}/api/recon/{runId}/breaks?severity=high"),
            "gen" => ($"{o.GetProperty("rows").GetInt64():N0} transactions in {o.GetProperty("batches").GetInt32()} batches, {o.GetProperty("fraudRows").GetInt64():N0} fraud",
                      $"blobs {Blob("folder")}; manifest in Cosmos gen-runs; {address}/api/gen/{runId}"),
            "forecast" => ($"{o.GetProperty("recommendations").GetInt32():N0} recommendations for {o.GetProperty("vendors").GetInt32()} vendors, {o.GetProperty("products").GetInt32()} products",
                           $"Cosmos forecast-recommendations; blob {Blob("recommendationsCsv")}; {address}/api/forecast/{runId}/recommendations"),
            _ => (output, $"{address}/api/runs/{runId}"),
        };
    }
}
