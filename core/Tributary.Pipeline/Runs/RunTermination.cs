using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>Terminates a run: the stop record, the backend's terminate, the Terminated event, then the run's partial outputs removed.</summary>
public sealed class RunTermination(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, PipelineServices services, RunLookup lookup, RunIndex index)
{
    /// <summary>The longest terminate reason accepted.</summary>
    public const int MaxReasonLength = InputLimits.MaxReasonLength;

    /// <summary>How long a terminate waits for the run to stop before it removes the run's partial outputs.</summary>
    public static readonly TimeSpan TerminateSettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Terminates an unfinished run, publishes its Terminated event (the orchestrator never runs again to do it) and, once the
    /// run has stopped, deletes its partial outputs (staged partitions, output blobs, result documents), so nothing half-done
    /// is left to read. The instance and its history stay for status and listing until a purge.
    /// </summary>
    public async Task<RequestOutcome<RunStatusView>> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<RunStatusView>.Invalid("id", malformed);
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return RequestOutcome<RunStatusView>.Invalid("reason", $"at most {MaxReasonLength} characters");
        }

        var before = await lookup.FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return RequestOutcome<RunStatusView>.Missing($"run {id}");
        }

        if (before.IsTerminal)
        {
            return RequestOutcome<RunStatusView>.Conflict($"run {id} is already {before.Status}");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "terminated over HTTP" : reason;
        await new RunStops(services.Blobs).RecordAsync(before.Kind, id, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await client.TerminateAsync(before.Id, why, cancellationToken).ConfigureAwait(false);
        await services.Events.PublishAsync(
            new RunEvent(id, before.Kind, nameof(RuntimeStatus.Terminated), JsonSerializer.Serialize(why, DurableJson.Options), services.Time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        Telemetry.PipelineTelemetry.RunEnded(before.Kind, RuntimeStatus.Terminated, services.Time.GetUtcNow() - before.CreatedAt);
        var after = await WaitStoppedAsync(before, cancellationToken).ConfigureAwait(false);
        if (after.IsTerminal)
        {
            // Not before it stopped: an entry that says Terminated is trusted by status filters, never read again.
            await index.RecordFinalAsync(before.Kind, id, after.Status, cancellationToken).ConfigureAwait(false);
        }

        if (workloads.TryGetValue(before.Kind, out var workload))
        {
            await workload.PurgeResultsAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return RequestOutcome<RunStatusView>.Found(RunLookup.View(after));
    }

    // The backend terminates asynchronously; outputs are removed after the run stopped, so its orchestrator schedules no more
    // work. Activities already queued or running see the stop record (RunStops): they do not start, or stop and remove
    // what the run wrote when they end.
    private async Task<RunState> WaitStoppedAsync(RunState before, CancellationToken cancellationToken)
    {
        // Wall time, not the services' clock: tests drive that one by hand, and this waits for the backend.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var state = await client.GetAsync(before.Id, withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) ?? before;
            if (state.IsTerminal || waited.Elapsed >= TerminateSettleTimeout)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
