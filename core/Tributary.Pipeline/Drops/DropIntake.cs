using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// What happens when a drop's blob is seen, written once for both hosts (the self-hosted watcher's scan and the Functions
/// app's Event Grid blob trigger): only a trigger file counts, a blob that is already gone or already processed is
/// skipped, and the run id comes from the drop's content, so a redelivered event, two hosts seeing one drop, or the same
/// bytes uploaded again start one run.
/// </summary>
public static class DropIntake
{
    /// <summary>Starts the run of the drop whose blob this is, when it is a pending trigger, and marks the trigger processed.</summary>
    /// <remarks>A drop whose names are bad (<see cref="DropNames"/>) starts no run: it is quarantined at once, with its report.</remarks>
    public static async Task<DropOutcome> AcceptAsync(
        RunService runs, IWorkload workload, IBlobStore blobs, BlobRef blob, CancellationToken cancellationToken, string quarantineContainer = Quarantine.DefaultContainer)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(blob);
        if (workload.Drop is not { } drop || blob.Container != drop.Container)
        {
            return new DropOutcome(DropDecision.NotATrigger, null);
        }

        // Listed by the store, but not reachable by its name: nothing can read or move it, so it is reported, not lost.
        if (!DropNames.IsAddressable(blob.Path))
        {
            return new DropOutcome(DropDecision.Unreachable, null, DropNames.UnreachableReason(drop.Container));
        }

        if (!DropScanner.IsTrigger(drop, blob.Path))
        {
            return DropScanner.IsStray(drop, blob.Path)
                ? Counted(workload, await QuarantineStrayAsync(workload, drop, blobs, blob, quarantineContainer, cancellationToken).ConfigureAwait(false))
                : new DropOutcome(DropDecision.NotATrigger, null);
        }

        // A drop starts its own trace the moment it is seen; the run it starts, and so every span of the run, belongs to it.
        using var span = PipelineTelemetry.StartEventRoot($"drop {drop.Container}/{FolderOf(blob.Path)}");
        span?.SetTag(PipelineTelemetry.WorkloadTag, workload.Kind);
        span?.SetTag("tributary.drop.trigger", blob.ToString());
        try
        {
            var outcome = await DecideAsync(runs, workload, drop, blobs, blob, quarantineContainer, cancellationToken).ConfigureAwait(false);
            span?.SetTag("tributary.drop.decision", outcome.Decision.ToString());
            span?.SetTag(PipelineTelemetry.RunIdTag, outcome.RunId);
            return Counted(workload, outcome);
        }
        catch (Exception e)
        {
            PipelineTelemetry.Failed(span, e);
            throw;
        }
    }

    /// <summary>The folder a trigger lies in (`m` for `m/manifest.json`), or the file itself for a request at the container root.</summary>
    public static string FolderOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash > 0 ? path[..slash] : path;
    }

    private static DropOutcome Counted(IWorkload workload, DropOutcome outcome)
    {
        if (MetricDecision(outcome.Decision) is { } decision)
        {
            PipelineTelemetry.Drop(workload.Kind, decision);
        }

        return outcome;
    }

    // The label values of tributary_drops_total: a bounded set, and nothing for blobs that are not (or no longer) drops.
    private static string? MetricDecision(DropDecision decision) => decision switch
    {
        DropDecision.Started => "started",
        DropDecision.AlreadyStarted or DropDecision.AlreadyProcessed => "duplicate",
        DropDecision.Quarantined => "quarantined",
        _ => null,
    };

    private static async Task<DropOutcome> DecideAsync(
        RunService runs, IWorkload workload, DropConvention drop, IBlobStore blobs, BlobRef blob, string quarantineContainer, CancellationToken cancellationToken)
    {
        // The event may arrive after the blob was quarantined or deleted: there is nothing left to run.
        var info = await blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return new DropOutcome(DropDecision.Gone, null);
        }

        if (info.Metadata.TryGetValue(DropScanner.ProcessedKey, out var processedBy))
        {
            return new DropOutcome(DropDecision.AlreadyProcessed, processedBy);
        }

        var request = await DropScanner.RequestForAsync(blobs, drop, info, cancellationToken).ConfigureAwait(false);
        var id = await DropScanner.ContentRunIdAsync(blobs, workload.Kind, request.Drop!.Blobs, cancellationToken).ConfigureAwait(false);
        if (await DropNames.ProblemsAsync(workload, blobs, request, cancellationToken).ConfigureAwait(false) is { Count: > 0 } problems)
        {
            await Quarantine.MoveAsync(blobs, quarantineContainer, id, request.Drop, string.Join(Environment.NewLine, problems), cancellationToken).ConfigureAwait(false);
            return new DropOutcome(DropDecision.Quarantined, id);
        }

        var created = await runs.StartForEventAsync(workload.Kind, id, request, cancellationToken).ConfigureAwait(false);
        try
        {
            await blobs.SetMetadataAsync(info.Blob, new Dictionary<string, string> { [DropScanner.ProcessedKey] = id }, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Already moved to quarantine by its (failed) run: nothing left to mark.
        }

        return new DropOutcome(created ? DropDecision.Started : DropDecision.AlreadyStarted, id);
    }

    // A blob that can never start a run goes to quarantine by itself, with a report that says where it should have gone.
    private static async Task<DropOutcome> QuarantineStrayAsync(
        IWorkload workload, DropConvention drop, IBlobStore blobs, BlobRef blob, string quarantineContainer, CancellationToken cancellationToken)
    {
        if (await blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false) is null)
        {
            return new DropOutcome(DropDecision.Gone, null);
        }

        var id = await DropScanner.ContentRunIdAsync(blobs, workload.Kind, [blob], cancellationToken).ConfigureAwait(false);
        var reason = DropNames.StrayReason(drop);
        await Quarantine.MoveAsync(blobs, quarantineContainer, id, new DropRef(blob, "", [blob]), $"{blob}: {reason}. No run was started.", cancellationToken).ConfigureAwait(false);
        return new DropOutcome(DropDecision.Quarantined, id, reason);
    }
}

/// <summary>What became of a drop blob.</summary>
public enum DropDecision
{
    /// <summary>Not the trigger file of a drop (a data file, or outside the drop container).</summary>
    NotATrigger,

    /// <summary>The blob no longer exists.</summary>
    Gone,

    /// <summary>The trigger already has a run.</summary>
    AlreadyProcessed,

    /// <summary>This call started the run.</summary>
    Started,

    /// <summary>The run existed already (a redelivered event, or another host was first).</summary>
    AlreadyStarted,

    /// <summary>The drop's names are bad, or the blob can never start a run: it was moved to quarantine with a report, and no run started.</summary>
    Quarantined,

    /// <summary>The blob's name cannot be addressed (a `.` or `..` segment): it stays, listed by `GET /api/drops` with the reason.</summary>
    Unreachable,
}

/// <summary>A drop's outcome, its run id when it has one, and why, when nothing ran.</summary>
public sealed record DropOutcome(DropDecision Decision, string? RunId, string? Reason = null);
