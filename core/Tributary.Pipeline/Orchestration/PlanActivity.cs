using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Waits (bounded) for the source's required files, resolves a run's parameters (a drop's manifest), validates them and plans the partitions.</summary>
public sealed class PlanActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<RunRequest, PlannedRun>
{
    /// <inheritdoc />
    public override Task<PlannedRun> RunAsync(TaskActivityContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = Runs.RunIds.RunIdOf(workload.Kind, context.InstanceId);
        services.ActivityStarting?.Invoke(new ActivityStart(runId, context.Name.Name, null));
        return TracedAsync(context.Name.Name, runId, input);
    }

    private async Task<PlannedRun> TracedAsync(string name, string runId, RunRequest input)
    {
        using var step = RunStep.Begin(services, "plan", workload.Kind, runId);
        try
        {
            var planned = await AttemptDeadline.RunAsync(name, options.StepRetry.Timeout, async cancel =>
            {
                if (workload.Drop is { Required.Count: > 0 } drop && input.Source is { } source)
                {
                    await Drops.RequiredFiles.WaitAsync(services.Blobs, source, drop.Required, options.MissingFileWait, options.MissingFilePoll, cancel).ConfigureAwait(false);
                }

                var resolved = await DropParameters.ResolveAsync(workload, services.Blobs, input, cancel).ConfigureAwait(false);
                return new PlannedRun(resolved, await workload.PlanAsync(runId, resolved, cancel).ConfigureAwait(false));
            }).ConfigureAwait(false);
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
