using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Schedules;

namespace Tributary.Host.Serve.Timers;

/// <summary>
/// Runs the configured cron schedules (UTC): re-running the latest drop of a workload, and purging old finished runs.
/// A recompute's instance id is derived from the timer and the occurrence, so a restart within the same minute cannot run it twice.
/// </summary>
internal sealed class TimerService(PipelineRuntime runtime, HostSettings settings, TimerBoard board, ILogger<TimerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.RunTimers)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(settings.Timers.Select(t => RunScheduleAsync(t, stoppingToken)));
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
            var now = runtime.Services.Time.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            board.Set(new TimerStatus(timer.Name, timer.Schedule, timer.Action, lastRun, next, lastResult));
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, runtime.Services.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lastRun = runtime.Services.Time.GetUtcNow();
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

    /// <summary>Does what the timer is for (core's <see cref="TimerJobs"/>); returns a one-line account.</summary>
    internal Task<string> FireAsync(TimerSettings timer, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        TimerJobs.FireAsync(timer, occurrence, runtime.Runs, runtime.Services.Blobs, cancellationToken);
}
