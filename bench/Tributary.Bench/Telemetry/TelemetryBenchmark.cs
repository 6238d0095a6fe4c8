using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Tributary.Bench.Telemetry;

/// <summary>
/// What telemetry costs a large run through `serve`: the same gen run (POST /api/runs/gen → Completed) on a fresh
/// `tributary serve --in-memory` process with telemetry off (the default: /metrics only), on (OTLP/HTTP traces, metrics and
/// logs to a collector this benchmark runs on loopback, which counts and discards them), and optionally on another build
/// (`--baseline`, e.g. main's, without telemetry) to show that off costs nothing. Modes are interleaved and their order
/// rotates per round, so drift on a shared machine hits each alike; the load average is printed with the figures.
/// </summary>
public static class TelemetryBenchmark
{
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = "Rows of the gen run.", DefaultValueFactory = _ => 10_000_000 };
        var rounds = new Option<int>("--rounds") { Description = "Runs of each mode.", DefaultValueFactory = _ => 3 };
        var host = new Option<string?>("--host-dll") { Description = "The tributary.dll to measure. Default: functions/Tributary.Host/bin/Release/net10.0/tributary.dll." };
        var baseline = new Option<string?>("--baseline") { Description = "Another build's tributary.dll to run as mode 'baseline' (e.g. main's, before telemetry)." };
        var command = new Command("telemetry", "A gen run through serve with telemetry off, on (OTLP/HTTP to a loopback collector) and optionally a baseline build; seconds and overhead.")
        {
            rows, rounds, host, baseline,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var dll = parse.GetValue(host) ?? DefaultHost();
            var modes = new List<Mode> { new("off", dll, false), new("on", dll, true) };
            if (parse.GetValue(baseline) is { } other)
            {
                modes.Insert(0, new Mode("baseline", other, false));
            }

            await using var collector = await Collector.StartAsync();
            var results = modes.ToDictionary(m => m.Name, _ => new List<RunFigures>());
            var loads = new List<string> { LoadAverage() };
            var scratch = Directory.CreateTempSubdirectory("tributary-bench-telemetry-").FullName;
            try
            {
                for (var round = 0; round < parse.GetValue(rounds); round++)
                {
                    // Rotate the order: a machine getting busier or quieter over the session does not favour one mode.
                    foreach (var mode in modes.Skip(round % modes.Count).Concat(modes.Take(round % modes.Count)))
                    {
                        var figures = await RunAsync(mode, parse.GetValue(rows), Path.Combine(scratch, $"{mode.Name}-{round}"), collector, cancel);
                        results[mode.Name].Add(figures);
                        loads.Add(LoadAverage());
                        Console.Error.WriteLine($"round {round + 1} {mode.Name}: {figures.Seconds:0.00} s wall, {figures.CpuSeconds:0.00} s serve CPU, load {loads[^1]}");
                    }
                }
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }

            var table = new Table().AddColumns("mode", "runs", "wall s median", "wall s min-max", "serve CPU s median", "vs off (median wall)", "vs off (median CPU)");
            var off = results["off"];
            foreach (var mode in modes)
            {
                var runs = results[mode.Name];
                var wall = Median(runs.Select(r => r.Seconds));
                var cpu = Median(runs.Select(r => r.CpuSeconds));
                table.AddRow(mode.Name, $"{runs.Count}", $"{wall:0.00}", $"{runs.Min(r => r.Seconds):0.00}-{runs.Max(r => r.Seconds):0.00}", $"{cpu:0.00}",
                    mode.Name == "off" ? "" : $"{(wall / Median(off.Select(r => r.Seconds)) - 1) * 100:+0.0;-0.0} %",
                    mode.Name == "off" ? "" : $"{(cpu / Median(off.Select(r => r.CpuSeconds)) - 1) * 100:+0.0;-0.0} %");
            }

            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
            AnsiConsole.Write(table);
            Console.WriteLine($"collector received {collector.Requests} OTLP requests ({collector.Bytes / 1024.0 / 1024:0.0} MiB); load average (1/5/15 min) at start and after each run: {string.Join(" | ", loads)}");
            return 0;
        });
        return command;
    }

    private static async Task<RunFigures> RunAsync(Mode mode, long rows, string data, Collector collector, CancellationToken cancel)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { mode.Dll, "serve", "--in-memory", "--data", data, "--urls", url },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(mode.Dll)!,
        };
        start.Environment["Tributary__RunTimers"] = "false";
        start.Environment["Tributary__WatchDrops"] = "false";
        if (mode.Telemetry)
        {
            start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url;
            start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            start.Environment["OTEL_SERVICE_NAME"] = "tributary-bench";
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
            await WaitHealthyAsync(http, process, cancel);
            http.DefaultRequestHeaders.Add("X-Api-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"), cancel)).Trim());
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var started = await http.PostAsync("api/runs/gen",
                new StringContent($$$"""{"id": "bench-telemetry", "parameters": {"seed": 42, "count": {{{rows}}}}}""", Encoding.UTF8, "application/json"), cancel);
            started.EnsureSuccessStatusCode();
            while (true)
            {
                await Task.Delay(250, cancel);
                using var status = await http.GetAsync("api/runs/bench-telemetry", cancel);
                using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(cancel));
                var state = json.RootElement.GetProperty("runtimeStatus").GetString();
                if (state is "Completed" or "Failed" or "Terminated")
                {
                    var seconds = clock.Elapsed.TotalSeconds;
                    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                    if (state != "Completed")
                    {
                        throw new InvalidOperationException($"{mode.Name}: the run ended {state}: {json.RootElement}");
                    }

                    return new RunFigures(seconds, cpu);
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process process, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("api/health", cancel);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"serve did not come up (exited: {process.HasExited})");
            }

            await Task.Delay(250, cancel);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string DefaultHost()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "App.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? ".", "functions", "Tributary.Host", "bin", "Release", "net10.0", "tributary.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first (dotnet build functions/Tributary.Host -c Release): {path}", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Mode(string Name, string Dll, bool Telemetry);

    private sealed record RunFigures(double Seconds, double CpuSeconds);

    /// <summary>An OTLP/HTTP endpoint on loopback that accepts every export, counts it and throws it away.</summary>
    internal sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _requests;
        private long _bytes;

        private Collector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public long Requests => Interlocked.Read(ref _requests);

        public long Bytes => Interlocked.Read(ref _bytes);

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpRequest request) =>
            {
                using var sink = new MemoryStream();
                await request.Body.CopyToAsync(sink);
                Interlocked.Increment(ref collector._requests);
                Interlocked.Add(ref collector._bytes, sink.Length);
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
