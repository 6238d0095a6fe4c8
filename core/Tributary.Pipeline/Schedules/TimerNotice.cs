namespace Tributary.Pipeline.Schedules;

/// <summary>
/// What the timers will do, one line each, said when a host starts: nobody should learn of the retention purge from what
/// it deleted. Names the setting that changes each timer and the one that turns them all off.
/// </summary>
public static class TimerNotice
{
    /// <summary>The lines for these timers; <paramref name="running"/> false when the host runs none.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<TimerSettings> timers, bool running)
    {
        ArgumentNullException.ThrowIfNull(timers);
        if (!running || timers.Count == 0)
        {
            return ["timers: off (Tributary:RunTimers=false or none configured): no recompute, and finished runs are kept until purged by hand"];
        }

        var lines = new List<string> { "timers (cron, UTC; change one under Tributary:Timers:<name>, turn all off with Tributary:RunTimers=false):" };
        foreach (var timer in timers)
        {
            lines.Add($"  {timer.Name} '{timer.Schedule}': {Describe(timer)}");
        }

        return lines;
    }

    /// <summary>What one timer does, in words.</summary>
    public static string Describe(TimerSettings timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return timer.Action switch
        {
            TimerSettings.Purge =>
                $"purges finished runs older than {timer.RetentionDays} days with their results (Tributary:Timers:{timer.Name}:RetentionDays); " +
                $"break work people did is archived to {Reconciliation.BreakArchive.Container}/<run>/breaks.json first",
            TimerSettings.Recompute => $"re-runs the latest processed {timer.Kind} drop",
            _ => $"does nothing: unknown action '{timer.Action}'",
        };
    }
}
