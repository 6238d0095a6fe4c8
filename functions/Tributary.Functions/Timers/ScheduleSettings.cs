using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tributary.Pipeline.Schedules;

namespace Tributary.Functions.Timers;

/// <summary>
/// What the three timers do, from app settings with core's <see cref="TimerSettings.Defaults"/> as fallback:
/// `RecomputeKind` (the workload the nightly timer re-runs) and `RetentionDays` (how old a finished run is before the daily
/// purge deletes it); the forecast recompute is core's `forecast-nightly`. The schedules themselves are binding expressions
/// (%HpiNightlySchedule%, %PurgeDailySchedule%, %ForecastNightlySchedule%).
/// </summary>
public sealed record ScheduleSettings(TimerSettings Recompute, TimerSettings Purge, TimerSettings ForecastRecompute)
{
    public static ScheduleSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var recompute = TimerSettings.Defaults.First(t => t.Action == TimerSettings.Recompute && t.Name != TimerSettings.ForecastNightly);
        var purge = TimerSettings.Defaults.First(t => t.Action == TimerSettings.Purge);
        var retention = configuration["RetentionDays"] is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0
                ? days
                : throw new InvalidOperationException($"RetentionDays is '{text}', not a positive whole number of days")
            : purge.RetentionDays;
        return new ScheduleSettings(
            recompute with { Kind = configuration["RecomputeKind"] ?? recompute.Kind },
            purge with { RetentionDays = retention },
            TimerSettings.Defaults.First(t => t.Name == TimerSettings.ForecastNightly));
    }
}
