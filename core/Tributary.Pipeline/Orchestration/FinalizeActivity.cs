using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// Aggregates the partition summaries, persists the run's results, publishes its Completed event, records its summary
/// (<see cref="FinalizedRecord"/>) and removes its staging. Idempotent: run again after the record, it answers from it.
/// </summary>
public sealed class FinalizeActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<FinalizeCall, JsonElement>
{
    /// <inheritdoc />
    public override Task<JsonElement> RunAsync(TaskActivityContext context, FinalizeCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        services.ActivityStarting?.Invoke(new ActivityStart(input.RunId, context.Name.Name, null));
        return TracedAsync(context.Name.Name, input);
    }

    private async Task<JsonElement> TracedAsync(string name, FinalizeCall input)
    {
        using var step = RunStep.Begin(services, "finalize", workload.Kind, input.RunId);
        try
        {
            // Run again after its results were committed (the completion was lost with the process): staging may be gone,
            // so answer with the recorded summary; the Completed event and end record went out the first time.
            if (await FinalizedRecord.ReadAsync(services.Blobs, workload.Kind, input.RunId, CancellationToken.None).ConfigureAwait(false) is { } recorded)
            {
                step.Log.LogInformation("Run {RunId} was already finalized; answering with its recorded summary", input.RunId);
                await RemoveStagingAsync(input.RunId, step.Log).ConfigureAwait(false);
                return recorded;
            }

            var summary = await AttemptDeadline.RunAsync(name, options.StepRetry.Timeout, cancel => StopGuard.RunAsync(workload, services, options, input.RunId, input.StartedAt, input.Plan, async stop =>
            {
                var summary = await workload.FinalizeAsync(input.RunId, input.Request, input.Plan, input.Summaries, stop).ConfigureAwait(false);

                // Recorded once the results are in place, so the next run of this source follows a run that completed.
                if (input.Request.Source is { } source)
                {
                    await new RunLineage(services.Blobs).RecordCompletedAsync(workload.Kind, source, input.RunId, stop).ConfigureAwait(false);
                }

                // Published from the activity, so a replay after a crash publishes again rather than never (at least once).
                await services.Events.PublishAsync(
                    new RunEvent(input.RunId, workload.Kind, nameof(RuntimeStatus.Completed), summary.GetRawText(), services.Time.GetUtcNow()), stop).ConfigureAwait(false);

                // Before staging goes: from here a retry answers from the record instead of reading staging.
                await FinalizedRecord.WriteAsync(services.Blobs, workload.Kind, input.RunId, summary, stop).ConfigureAwait(false);
                return summary;
            }, cancel)).ConfigureAwait(false);
            step.Log.LogInformation("Run {RunId} finalized from {Partitions} partition summaries", input.RunId, input.Summaries.Count);
            // Last, once nothing can fail: the orchestration returns right after this step, Completed.
            await RunEndRecord.WriteAsync(services.Blobs, workload.Kind, input.RunId, RuntimeStatus.Completed, step.Log).ConfigureAwait(false);
            await RemoveStagingAsync(input.RunId, step.Log).ConfigureAwait(false);
            return summary;
        }
        catch (Exception e)
        {
            step.Fail(e, "finalize", input.RunId);
            throw;
        }
    }

    // Here rather than as a step of its own after finalize: that step cost the run two orchestration turns before it was
    // Completed. Staged partitions are of no use once the summary is recorded, and a failure to remove them does not
    // change how the run ended (a purge removes them with the run).
    private async Task RemoveStagingAsync(string runId, ILogger log)
    {
        try
        {
            await AttemptDeadline.RunAsync("remove staging", options.StepRetry.Timeout, cancel => workload.RemoveStagingAsync(runId, cancel)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Removing run {RunId}'s staging failed; a purge of the run removes it", runId);
        }
    }
}
