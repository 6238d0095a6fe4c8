using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Pipeline.Schedules;

/// <summary>
/// What a timer does when it fires, written once for both hosts: each host only owns the schedule (Cronos in `tributary
/// serve`, a TimerTrigger in Functions) and calls this with the occurrence it fired for.
/// </summary>
public static class TimerJobs
{
    /// <summary>
    /// Runs the timer's action for one occurrence and returns a one-line account. A recompute's run id is derived from the
    /// timer and the occurrence (`timer-{name}-{yyyyMMddHHmm}`), so a restart or a second instance firing for the same
    /// minute starts one run.
    /// </summary>
    public static async Task<string> FireAsync(TimerSettings timer, DateTimeOffset occurrence, RunService runs, IBlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(runs);

        // A timer starts its own trace when it fires, as a drop does: the recompute it starts belongs to it.
        using var span = PipelineTelemetry.StartEventRoot($"timer {timer.Name}");
        span?.SetTag("tributary.timer.action", timer.Action);
        span?.SetTag("tributary.timer.occurrence", occurrence.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var account = await ActAsync(timer, occurrence, runs, blobs, cancellationToken).ConfigureAwait(false);
            span?.SetTag("tributary.timer.outcome", account);
            return account;
        }
        catch (Exception e)
        {
            PipelineTelemetry.Failed(span, e);
            throw;
        }
    }

    private static async Task<string> ActAsync(TimerSettings timer, DateTimeOffset occurrence, RunService runs, IBlobStore blobs, CancellationToken cancellationToken)
    {
        switch (timer.Action)
        {
            case TimerSettings.Purge:
                var purged = await runs.PurgeFinishedBeforeAsync(occurrence.AddDays(-timer.RetentionDays), cancellationToken).ConfigureAwait(false);
                return $"purged {purged} run(s) older than {timer.RetentionDays} days (break work people did was archived to {Reconciliation.BreakArchive.Container}/<run>/breaks.json first)";
            case TimerSettings.Recompute:
                if (timer.Kind is null || !runs.Workloads.TryGetValue(timer.Kind, out var workload) || workload.Drop is null)
                {
                    return $"skipped: no workload '{timer.Kind}' with a drop folder on this host";
                }

                var latest = await DropScanner.LatestProcessedAsync(blobs, workload.Drop, cancellationToken).ConfigureAwait(false);
                if (latest is null)
                {
                    return "skipped: no processed drop yet";
                }

                var request = await DropScanner.RecomputeRequestAsync(blobs, workload.Drop, latest, cancellationToken).ConfigureAwait(false);
                var id = $"timer-{timer.Name}-{occurrence.UtcDateTime:yyyyMMddHHmm}";
                System.Diagnostics.Activity.Current?.SetTag(PipelineTelemetry.RunIdTag, id);
                System.Diagnostics.Activity.Current?.SetTag(PipelineTelemetry.WorkloadTag, workload.Kind);
                var created = await runs.StartForEventAsync(workload.Kind, id, request, cancellationToken).ConfigureAwait(false);
                return $"{(created ? "started" : "already started")} {id} on {latest.Blob}";
            default:
                return $"skipped: unknown action '{timer.Action}'";
        }
    }
}
