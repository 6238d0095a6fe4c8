namespace Tributary.Pipeline.Schedules;

/// <summary>One scheduled job: a cron expression (UTC, 5 fields) and what it does.</summary>
/// <param name="Action">`recompute` (re-run the latest processed drop of <paramref name="Kind"/>) or `purge` (delete finished runs older than <paramref name="RetentionDays"/>).</param>
public sealed record TimerSettings(string Name, string Schedule, string Action, string? Kind = null, int RetentionDays = 30)
{
    public const string Recompute = "recompute";
    public const string Purge = "purge";

    /// <summary>The default forecast recompute's name: vendors read the next day's recommendations in the morning.</summary>
    public const string ForecastNightly = "forecast-nightly";

    /// <summary>The actions a timer may have.</summary>
    public static IReadOnlyList<string> Actions { get; } = [Recompute, Purge];

    /// <summary>
    /// Reads one configured timer (`{prefix}:Schedule|Action|Kind|RetentionDays`), recording a line in
    /// <paramref name="values"/> for each value that is missing or unusable; null when the timer cannot run. The schedule's
    /// syntax is the host's to check (its cron dialect).
    /// </summary>
    public static TimerSettings? Read(string name, string prefix, Settings.SettingValues values, IReadOnlyCollection<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(kinds);
        var schedule = values.Text($"{prefix}:Schedule");
        var action = values.Text($"{prefix}:Action");
        var kind = values.Text($"{prefix}:Kind");
        var retention = values.PositiveInt($"{prefix}:RetentionDays");
        var ok = true;
        if (string.IsNullOrWhiteSpace(schedule))
        {
            values.Fail($"{prefix}:Schedule", "is missing: a cron expression, e.g. '30 3 * * *' (a configured timer list replaces the defaults, so give every key)");
            ok = false;
        }

        if (action is null || !Actions.Contains(action, StringComparer.Ordinal))
        {
            values.Fail($"{prefix}:Action", (action is null ? "is missing" : $"'{action}' is not an action") + $": one of {string.Join(", ", Actions)}");
            ok = false;
        }
        else if (action == Recompute && (kind is null || !kinds.Contains(kind, StringComparer.Ordinal)))
        {
            values.Fail($"{prefix}:Kind", (kind is null ? "is missing" : $"'{kind}' is not a workload") +
                $": a recompute needs the workload whose latest drop it re-runs, one of {string.Join(", ", kinds.Order(StringComparer.Ordinal))}");
            ok = false;
        }

        return ok ? new TimerSettings(name, schedule!.Trim(), action!, kind, retention ?? 30) : null;
    }

    /// <summary>
    /// Nightly house price index recompute at 02:00 UTC, a daily purge of runs older than 30 days at 03:30 UTC, and a nightly
    /// recompute of the latest forecast drop at 04:00 UTC (after the other two, so they do not compete for the cores).
    /// </summary>
    /// <summary>
    /// The Functions app's form of <see cref="Schedule"/>: NCRONTAB's six fields (seconds first). One schedule, two spellings:
    /// infra's app settings and local.settings.sample.json are checked against this by the infra tests.
    /// </summary>
    public string Ncrontab => "0 " + Schedule;

    /// <summary>The Functions app setting that holds this default timer's NCRONTAB schedule (%Name% in its timer trigger).</summary>
    public string FunctionsScheduleSetting => string.Concat(Name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + "Schedule";

    public static IReadOnlyList<TimerSettings> Defaults { get; } =
    [
        new("hpi-nightly", "0 2 * * *", Recompute, "hpi"),
        new("purge-daily", "30 3 * * *", Purge, RetentionDays: 30),
        new(ForecastNightly, "0 4 * * *", Recompute, "forecast"),
    ];
}
