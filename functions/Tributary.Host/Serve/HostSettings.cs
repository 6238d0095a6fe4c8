using Cronos;
using Microsoft.Extensions.Configuration;
using Tributary.Host.Runtime;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Schedules;
using Tributary.Pipeline.Settings;
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

    /// <summary>One line per unusable setting (key, value, what is expected); serve refuses to start while there is any.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>
    /// Reads the `Tributary` section; absent keys keep their defaults, and every present but unusable value (a timer without
    /// its action, a cron expression that does not parse, `WatchDrops=yes`) is a line in <see cref="Errors"/>, never an exception
    /// or a silent default.
    /// </summary>
    public static HostSettings From(IConfiguration configuration, IReadOnlyCollection<string>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new SettingValues(key => configuration[key]);
        var section = configuration.GetSection("Tributary");
        var defaults = new HostSettings();
        var workloads = kinds ?? [Tributary.Pipeline.Hpi.HpiWorkload.KindName, Tributary.Pipeline.Reconciliation.ReconciliationWorkload.KindName,
            Tributary.Pipeline.Generation.GenerationWorkload.KindName, Tributary.Pipeline.Forecast.ForecastWorkload.KindName];
        var timers = new List<TimerSettings>();
        foreach (var child in section.GetSection("Timers").GetChildren())
        {
            var prefix = $"Tributary:Timers:{child.Key}";
            if (TimerSettings.Read(child.Key, prefix, values, workloads) is not { } timer)
            {
                continue;
            }

            try
            {
                CronExpression.Parse(timer.Schedule, CronFormat.Standard);
                timers.Add(timer);
            }
            catch (CronFormatException e)
            {
                values.Fail($"{prefix}:Schedule", $"'{timer.Schedule}' is not a cron expression of 5 fields (minute hour day month weekday, UTC): {e.Message}");
            }
        }

        var urls = values.Text("Tributary:Urls") ?? defaults.Urls;
        if (UrlsProblem(urls) is { } urlProblem)
        {
            values.Fail("Tributary:Urls", urlProblem);
        }

        var settings = defaults with
        {
            Urls = urls,
            Durable = TaskHubSettings.From(values),
            DurableLogs = values.Bool("Tributary:DurableLogs") ?? defaults.DurableLogs,
            DropPollInterval = values.PositiveTime("Tributary:DropPollInterval") ?? defaults.DropPollInterval,
            WatchDrops = values.Bool("Tributary:WatchDrops") ?? defaults.WatchDrops,
            RunTimers = values.Bool("Tributary:RunTimers") ?? defaults.RunTimers,
            ExecutionJournal = values.Text("Tributary:ExecutionJournal") ?? defaults.ExecutionJournal,
            MaxRequestBodyBytes = values.PositiveInt("Tributary:MaxRequestBodyBytes") ?? defaults.MaxRequestBodyBytes,
            Pipeline = PipelineOptions.From(values),
            Timers = section.GetSection("Timers").GetChildren().Any() ? timers : defaults.Timers,
            Security = SecuritySettings.From(section.GetSection("Security")),
            WebConsole = Serve.WebConsole.ConsoleSettings.From(values),
            Telemetry = Serve.Telemetry.TelemetrySettings.From(configuration),
        };
        return settings with { Errors = [.. values.Errors] };
    }

    /// <summary>Why a `--urls` / `Tributary:Urls` value cannot be listened on, or null: each `;`-separated part must be an http(s) address with a port.</summary>
    public static string? UrlsProblem(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var part in urls.Split(';', StringSplitOptions.TrimEntries))
        {
            try
            {
                var address = Microsoft.AspNetCore.Http.BindingAddress.Parse(part);
                if (address.Scheme is not ("http" or "https"))
                {
                    return $"'{part}' is not an http or https address, e.g. http://127.0.0.1:7071";
                }
            }
            catch (FormatException)
            {
                return $"'{part}' is not an address to listen on, e.g. http://127.0.0.1:7071";
            }
        }

        return null;
    }
}
