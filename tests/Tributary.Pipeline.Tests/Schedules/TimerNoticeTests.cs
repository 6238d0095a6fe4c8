using Tributary.Pipeline.Schedules;

namespace Tributary.Pipeline.Tests.Schedules;

/// <summary>What a host says about its timers when it starts: the retention purge above all.</summary>
public sealed class TimerNoticeTests
{
    [Fact]
    public void The_default_timers_say_the_retention_the_key_that_changes_it_and_that_break_work_is_archived()
    {
        var lines = TimerNotice.Lines(TimerSettings.Defaults, running: true);

        var purge = Assert.Single(lines, l => l.Contains("purge-daily", StringComparison.Ordinal));
        Assert.Contains("'30 3 * * *'", purge);
        Assert.Contains("older than 30 days", purge);
        Assert.Contains("Tributary:Timers:purge-daily:RetentionDays", purge);
        Assert.Contains("recon-archive/<run>/breaks.json", purge);
        Assert.Contains("Tributary:RunTimers=false", lines[0]);
        Assert.Contains(lines, l => l.Contains("hpi-nightly '0 2 * * *': re-runs the latest processed hpi drop", StringComparison.Ordinal));
    }

    [Fact]
    public void Timers_turned_off_say_so_and_that_nothing_is_purged()
    {
        var line = Assert.Single(TimerNotice.Lines(TimerSettings.Defaults, running: false));

        Assert.StartsWith("timers: off", line);
        Assert.Contains("kept until purged by hand", line);
    }
}
