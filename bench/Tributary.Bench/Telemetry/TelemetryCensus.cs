using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Host.Serve.Telemetry;
using Tributary.Local.Emulators;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Bench.Telemetry;

/// <summary>
/// Where telemetry's work goes, by counts rather than time: `serve` in process with OTLP on (to the loopback collector), one
/// gen run, and every span the process creates counted by source and name (recorded or not, i.e. made and then dropped),
/// every log record by category and level, with the process's CPU seconds over the run. A listener that samples nothing
/// observes the spans without causing any.
/// </summary>
public static class TelemetryCensus
{
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = "Rows of the gen run.", DefaultValueFactory = _ => 1_000_000 };
        var mode = new Option<string>("--mode")
        {
            Description = "on (OTLP as serve does it), off (no OTLP), no-azure-spans (OTLP without the Azure SDK spans), no-otlp-logs (OTLP without the log exporter).",
            DefaultValueFactory = _ => "on",
        };
        var command = new Command("telemetry-census", "Spans by source and name, log records by category and level, for one gen run through serve with OTLP on.") { rows, mode };
        command.SetAction(async (parse, cancel) =>
        {
            var chosen = parse.GetValue(mode)!;
            if (chosen is "on" or "no-otlp-logs")
            {
                // First, as serve does: its switches are read once, at the first Azure client and the first HttpClient.
                ServeTelemetry.EnableAzureSdkSpans();
            }

            var spans = new ConcurrentDictionary<(string Source, string Name, bool Recorded), int>();
            var logs = new ConcurrentDictionary<(string Category, LogLevel Level), int>();
            var counting = false;
            using var listener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
                ActivityStopped = a =>
                {
                    if (Volatile.Read(ref counting))
                    {
                        spans.AddOrUpdate((a.Source.Name, Shorten(a.OperationName), a.Recorded), 1, (_, n) => n + 1);
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);

            await using var collector = await TelemetryBenchmark.Collector.StartAsync();
            await using var emulators = await LocalEmulators.StartAsync(null, cancel);
            var key = ApiKey.Generate();
            var settings = new HostSettings
            {
                Urls = "http://127.0.0.1:0", RunTimers = false, WatchDrops = false,
                Security = new SecuritySettings { ApiKeys = [new ApiKeyEntry("bench", ApiKey.Hash(key), new HashSet<Role> { Role.Admin })] },
                Telemetry = chosen == "off" ? new TelemetrySettings() : new TelemetrySettings { OtlpEndpoint = new Uri(collector.Url), OtlpProtocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf },
            };
            var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "census", null, cancel);
            await using var app = PipelineHost.Build(settings, backend, null, logging =>
            {
                logging.AddProvider(new CountingLogs(logs, () => Volatile.Read(ref counting)));
                // As serve runs under the telemetry bench: its console output goes nowhere, so the console logger is left out.
                logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(_ => false);
                if (chosen == "no-otlp-logs")
                {
                    logging.AddFilter<OpenTelemetry.Logs.OpenTelemetryLoggerProvider>(_ => false);
                }
            });
            await app.StartAsync(cancel);
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            http.DefaultRequestHeaders.Add(ApiKey.Header, key);

            Volatile.Write(ref counting, true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (allocated, jitted, jitTime, gen0, gen2) = (GC.GetTotalAllocatedBytes(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), GC.CollectionCount(0), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            using (var started = await http.PostAsync("api/runs/gen", new StringContent($$$"""{"id": "census", "parameters": {"seed": 42, "count": {{{parse.GetValue(rows)}}}}}""", Encoding.UTF8, "application/json"), cancel))
            {
                started.EnsureSuccessStatusCode();
            }

            RunStatusView view;
            do
            {
                await Task.Delay(250, cancel);
                view = (await http.GetFromJsonAsync<RunStatusView>("api/runs/census", DurableJson.Options, cancel))!;
            }
            while (view.RuntimeStatus is RuntimeStatus.Pending or RuntimeStatus.Running);

            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var runtime = $"allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / 1024:0} MiB, gen0 GCs {GC.CollectionCount(0) - gen0}, gen2 GCs {GC.CollectionCount(2) - gen2}, " +
                $"methods JIT-compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:0.00} s";
            Volatile.Write(ref counting, false);
            await app.StopAsync(CancellationToken.None);

            var bySource = new Table().AddColumns("span source", "created", "recorded (exported)", "dropped after creation");
            foreach (var group in spans.GroupBy(s => s.Key.Source).OrderByDescending(g => g.Sum(s => s.Value)))
            {
                var recorded = group.Where(s => s.Key.Recorded).Sum(s => s.Value);
                var total = group.Sum(s => s.Value);
                bySource.AddRow(group.Key.Length == 0 ? "(none: HttpClient's own)" : group.Key, $"{total}", $"{recorded}", $"{total - recorded}");
            }

            var byName = new Table().AddColumns("span source", "name", "recorded", "count");
            foreach (var ((source, name, recorded), count) in spans.OrderByDescending(s => s.Value).Take(25))
            {
                byName.AddRow(source, Markup.Escape(name), $"{recorded}", $"{count}");
            }

            var byCategory = new Table().AddColumns("log category", "level", "records");
            foreach (var ((category, level), count) in logs.OrderByDescending(l => l.Value).Take(20))
            {
                byCategory.AddRow(category, $"{level}", $"{count}");
            }

            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            AnsiConsole.Write(bySource);
            AnsiConsole.Write(byName);
            AnsiConsole.Write(byCategory);
            Console.WriteLine($"mode {chosen}: run {view.RuntimeStatus} in {seconds:0.0} s; process CPU {cpuSeconds:0.0} s; collector {collector.Requests} requests, {collector.Bytes / 1024.0 / 1024:0.0} MiB; {runtime}");
            return 0;
        });
        return command;
    }

    private static string Shorten(string name) => name.Length <= 60 ? name : name[..57] + "...";

    private sealed class CountingLogs(ConcurrentDictionary<(string, LogLevel), int> counts, Func<bool> counting) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Counter(categoryName, counts, counting);

        public void Dispose()
        {
        }

        private sealed class Counter(string category, ConcurrentDictionary<(string, LogLevel), int> counts, Func<bool> counting) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (counting())
                {
                    counts.AddOrUpdate((category, logLevel), 1, (_, n) => n + 1);
                }
            }
        }
    }
}
