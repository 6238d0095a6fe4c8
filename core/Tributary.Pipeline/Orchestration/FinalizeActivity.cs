using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Aggregates the partition summaries, persists the run's results and publishes its Completed event.</summary>
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
                return summary;
            }, cancel)).ConfigureAwait(false);
            step.Log.LogInformation("Run {RunId} finalized from {Partitions} partition summaries", input.RunId, input.Summaries.Count);
            // Last, once nothing can fail: the orchestration returns right after this step, Completed.
            await RunEndRecord.WriteAsync(services.Blobs, workload.Kind, input.RunId, RuntimeStatus.Completed, step.Log).ConfigureAwait(false);
            return summary;
        }
        catch (Exception e)
        {
            step.Fail(e, "finalize", input.RunId);
            throw;
        }
    }
}
