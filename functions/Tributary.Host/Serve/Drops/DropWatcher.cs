using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve.Drops;

/// <summary>
/// Polls every workload's drop container and starts one run per ready drop, then marks the trigger processed. The run id is
/// derived from the drop, so a crash between start and mark, or two hosts seeing the same drop, still gives one run.
/// </summary>
internal sealed class DropWatcher(
    PipelineRuntime runtime, HostSettings settings, IReadOnlyDictionary<string, IWorkload> workloads, DropBoard board, ILogger<DropWatcher> logger)
    : BackgroundService
{
    // Blobs that cannot be addressed stay where they are; each is logged once per process, not at every scan.
    private readonly HashSet<string> _reportedUnreachable = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.WatchDrops)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                board.Scanned(runtime.Services.Time.GetUtcNow(), started, null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                board.Scanned(runtime.Services.Time.GetUtcNow(), 0, e.Message);
                logger.LogWarning(e, "Drop scan failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(settings.DropPollInterval, runtime.Services.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts a run for every ready drop; returns how many runs were newly created.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var workload in workloads.Values.Where(w => w.Drop is not null))
        {
            foreach (var trigger in await DropScanner.PendingTriggersAsync(runtime.Services.Blobs, workload.Drop!, cancellationToken).ConfigureAwait(false))
            {
                var outcome = await DropIntake.AcceptAsync(runtime.Runs, workload, runtime.Services.Blobs, trigger.Blob, cancellationToken).ConfigureAwait(false);
                if (outcome.Decision == DropDecision.Started)
                {
                    created++;
                    logger.LogInformation("Drop {Trigger} started run {RunId}", trigger.Blob, outcome.RunId);
                }
                else if (outcome.Decision == DropDecision.Quarantined)
                {
                    logger.LogWarning("Drop {Trigger} has a bad name and was quarantined (report for run {RunId})", trigger.Blob, outcome.RunId);
                }
            }

            // Every other blob ends somewhere too: one that can never start a run goes to quarantine with its report, and one
            // whose name cannot be addressed is logged and listed by GET /api/drops with the reason.
            foreach (var stray in await DropScanner.StraysAsync(runtime.Services.Blobs, workload.Drop!, cancellationToken).ConfigureAwait(false))
            {
                var outcome = await DropIntake.AcceptAsync(runtime.Runs, workload, runtime.Services.Blobs, stray.Blob, cancellationToken).ConfigureAwait(false);
                if (outcome.Decision == DropDecision.Quarantined)
                {
                    logger.LogWarning("{Blob} was quarantined: {Reason} (report {Report})", stray.Blob, outcome.Reason,
                        Pipeline.Workloads.Quarantine.ReportFor(Pipeline.Workloads.Quarantine.DefaultContainer, stray.Blob, outcome.RunId!));
                }
                else if (outcome.Decision == DropDecision.Unreachable && _reportedUnreachable.Add(stray.Blob.ToString()))
                {
                    logger.LogWarning("{Blob} cannot be processed: {Reason}", stray.Blob, outcome.Reason);
                }
            }
        }

        return created;
    }
}

/// <summary>When the drop folders were last scanned and with what outcome, for GET /api/health.</summary>
public sealed class DropBoard
{
    private DropScanStatus _last = new(null, 0, 0, null);

    public DropScanStatus Last => Volatile.Read(ref _last);

    public void Scanned(DateTimeOffset at, int started, string? error)
    {
        var previous = Last;
        Volatile.Write(ref _last, new DropScanStatus(at, previous.Scans + 1, previous.RunsStarted + started, error));
    }
}

/// <summary>The drop watcher's counters.</summary>
public sealed record DropScanStatus(DateTimeOffset? LastScan, long Scans, long RunsStarted, string? LastError);
