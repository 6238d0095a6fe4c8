using Microsoft.Extensions.Configuration;
using Tributary.Host.Runtime;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Schedules;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>Settings of `tributary serve`, read from configuration (appsettings.json, `Tributary__…` environment variables).</summary>
public sealed record HostSettings
{
    /// <summary>Where the HTTP API listens; loopback by default.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7071";

    /// <summary>The task hub: name, partitions, concurrency, polling (section `Tributary:Durable`).</summary>
    public TaskHubSettings Durable { get; init; } = new();

    /// <summary>Fan-out width, sub-orchestration threshold and retries of the orchestrations.</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Route the Durable Task Framework's own logs to the host's logger (verbose; off by default).</summary>
    public bool DurableLogs { get; init; }

    /// <summary>How often the drop containers are scanned.</summary>
    public TimeSpan DropPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Run drop watching (off for hosts that only serve the API).</summary>
    public bool WatchDrops { get; init; } = true;

    /// <summary>Run the timers.</summary>
    public bool RunTimers { get; init; } = true;

    /// <summary>When set, one line per activity attempt is appended here (instance, sequence, name, attempt): an audit of re-execution.</summary>
    public string? ExecutionJournal { get; init; }

    /// <summary>Largest accepted request body.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1 << 20;

    /// <summary>Browser safety and off-loopback binding (section `Tributary:Security`).</summary>
    public SecuritySettings Security { get; init; } = new();

    /// <summary>The browser console and the upload route (section `Tributary:Console`).</summary>
    public WebConsole.ConsoleSettings WebConsole { get; init; } = new();
    /// <summary>OTLP export and the console log format (the standard OTEL_* variables, Logging:Console:FormatterName).</summary>
    public Telemetry.TelemetrySettings Telemetry { get; init; } = new();

    /// <summary>Cron schedules (UTC) and their actions; defaults when none are configured.</summary>
    public IReadOnlyList<TimerSettings> Timers { get; init; } = TimerSettings.Defaults;

    /// <summary>Reads the `Tributary` section; absent keys keep their defaults.</summary>
    public static HostSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Tributary");
        var defaults = new HostSettings();
        var timers = section.GetSection("Timers").GetChildren()
            .Select(t => new TimerSettings(
                t.Key,
                t["Schedule"] ?? throw new InvalidOperationException($"Tributary:Timers:{t.Key}:Schedule is missing"),
                t["Action"] ?? throw new InvalidOperationException($"Tributary:Timers:{t.Key}:Action is missing"),
                t["Kind"],
                int.TryParse(t["RetentionDays"], out var days) ? days : 30))
            .ToList();
        return defaults with
        {
            Urls = section["Urls"] ?? defaults.Urls,
            Durable = TaskHubSettings.From(configuration),
            DurableLogs = bool.TryParse(section["DurableLogs"], out var logs) ? logs : defaults.DurableLogs,
            DropPollInterval = TimeSpan.TryParse(section["DropPollInterval"], System.Globalization.CultureInfo.InvariantCulture, out var poll) ? poll : defaults.DropPollInterval,
            WatchDrops = bool.TryParse(section["WatchDrops"], out var watch) ? watch : defaults.WatchDrops,
            RunTimers = bool.TryParse(section["RunTimers"], out var timersOn) ? timersOn : defaults.RunTimers,
            ExecutionJournal = section["ExecutionJournal"] ?? defaults.ExecutionJournal,
            Pipeline = TimeSpan.TryParse(section["MissingFileWait"], System.Globalization.CultureInfo.InvariantCulture, out var missingWait)
                ? defaults.Pipeline with { MissingFileWait = missingWait }
                : defaults.Pipeline,
            Timers = timers.Count > 0 ? timers : defaults.Timers,
            Security = SecuritySettings.From(section.GetSection("Security")),
            WebConsole = Serve.WebConsole.ConsoleSettings.From(section.GetSection("Console")),
            Telemetry = Serve.Telemetry.TelemetrySettings.From(configuration),
        };
    }
}
