using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Drops;

namespace Tributary.Host.Serve.Timers;

/// <summary>
/// Runs the configured cron schedules (UTC): re-running the latest drop of a workload, and purging old finished runs.
/// A recompute's instance id is derived from the timer and the occurrence, so a restart within the same minute cannot run it twice.
/// </summary>
internal sealed class TimerService(PipelineRuntime runtime, TimerBoard board, ILogger<TimerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runtime.Settings.RunTimers)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(runtime.Settings.Timers.Select(t => RunScheduleAsync(t, stoppingToken)));
    }

    /// <summary>Parses a schedule; throws with the timer's name when the expression is invalid.</summary>
    public static CronExpression Parse(TimerSettings timer)
    {
        try
        {
            return CronExpression.Parse(timer.Schedule, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"timer {timer.Name}: schedule '{timer.Schedule}' is not a 5-field cron expression: {e.Message}", e);
        }
    }

    private async Task RunScheduleAsync(TimerSettings timer, CancellationToken stoppingToken)
    {
        var cron = Parse(timer);
        DateTimeOffset? lastRun = null;
        string? lastResult = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = runtime.Time.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            board.Set(new TimerStatus(timer.Name, timer.Schedule, timer.Action, lastRun, next, lastResult));
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, runtime.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lastRun = runtime.Time.GetUtcNow();
            try
            {
                lastResult = await FireAsync(timer, next.Value, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastResult = $"error: {e.Message}";
                logger.LogError(e, "Timer {Timer} failed", timer.Name);
            }
        }
    }

    /// <summary>Does what the timer is for; returns a one-line account.</summary>
    internal async Task<string> FireAsync(TimerSettings timer, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        switch (timer.Action)
        {
            case TimerSettings.Purge:
                var purged = await runtime.Engine.PurgeCreatedBeforeAsync(occurrence.AddDays(-timer.RetentionDays), cancellationToken).ConfigureAwait(false);
                return $"purged {purged} run(s) older than {timer.RetentionDays} days";
            case TimerSettings.Recompute:
                if (timer.Kind is null || !runtime.Workloads.TryGetValue(timer.Kind, out var workload) || workload.Drop is null)
                {
                    return $"skipped: no workload '{timer.Kind}' with a drop folder on this host";
                }

                var latest = await DropScanner.LatestProcessedAsync(runtime.Services.Blobs, workload.Drop, cancellationToken).ConfigureAwait(false);
                if (latest is null)
                {
                    return "skipped: no processed drop yet";
                }

                var request = await DropScanner.RecomputeRequestAsync(runtime.Services.Blobs, workload.Drop, latest, cancellationToken).ConfigureAwait(false);
                var id = $"timer-{timer.Name}-{occurrence.UtcDateTime:yyyyMMddHHmm}";
                var started = await runtime.Engine.StartAsync(workload.Kind, request, id, cancellationToken).ConfigureAwait(false);
                return $"{(started.Created ? "started" : "already started")} {id} on {latest.Blob}";
            default:
                return $"skipped: unknown action '{timer.Action}'";
        }
    }
}
