using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Waits (bounded) for the source's required files, resolves a run's parameters (a drop's manifest), validates them and plans the partitions.</summary>
public sealed class PlanActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<PlanCall, PlannedRun>
{
    /// <inheritdoc />
    public override Task<PlannedRun> RunAsync(TaskActivityContext context, PlanCall call)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(call);
        var runId = Runs.RunIds.RunIdOf(workload.Kind, context.InstanceId);
        services.ActivityStarting?.Invoke(new ActivityStart(runId, context.Name.Name, null));
        return TracedAsync(context.Name.Name, runId, call);
    }

    private async Task<PlannedRun> TracedAsync(string name, string runId, PlanCall call)
    {
        var input = call.Request;
        using var step = RunStep.Begin(services, "plan", workload.Kind, runId);
        try
        {
            var planned = await AttemptDeadline.RunAsync(name, options.StepRetry.Timeout, cancel => StopGuard.RunAsync(workload, services, options, runId, call.StartedAt, null, async stop =>
            {
                if (workload.Drop is { Required.Count: > 0 } drop && input.Source is { } source)
                {
                    await Drops.RequiredFiles.WaitAsync(services.Blobs, source, drop.Required, options.MissingFileWait, options.MissingFilePoll, stop).ConfigureAwait(false);
                }

                var resolved = await DropParameters.ResolveAsync(workload, services.Blobs, input, stop).ConfigureAwait(false);
                return new PlannedRun(resolved, await workload.PlanAsync(runId, resolved, stop).ConfigureAwait(false));
            }, cancel)).ConfigureAwait(false);
            var rows = workload.RowsPlanned(planned.Plan);
            PipelineTelemetry.Rows(workload.Kind, rows);
            step.Span?.SetTag(PipelineTelemetry.PartitionsTag, planned.Plan.Partitions.Count);
            if (rows > 0)
            {
                step.Span?.SetTag(PipelineTelemetry.RowsTag, rows);
            }

            step.Log.LogInformation("Run {RunId} planned: {Partitions} partitions", runId, planned.Plan.Partitions.Count);
            return planned;
        }
        catch (Exception e)
        {
            step.Fail(e, "plan", runId);
            throw;
        }
    }
}
