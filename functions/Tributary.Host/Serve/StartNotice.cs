using Tributary.Pipeline.Schedules;

namespace Tributary.Host.Serve;

/// <summary>What `serve` says once it has started, besides its address: what its timers will do (the retention purge first of all).</summary>
public static class StartNotice
{
    /// <summary>Writes the notice for these settings.</summary>
    public static void Write(TextWriter log, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var line in TimerNotice.Lines(settings.Timers, settings.RunTimers))
        {
            log.WriteLine(line);
        }
    }
}
