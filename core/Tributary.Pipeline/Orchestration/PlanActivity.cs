using Microsoft.DurableTask;
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
        var input = call.Request;
        var runId = Runs.RunIds.RunIdOf(workload.Kind, context.InstanceId);
        services.ActivityStarting?.Invoke(new ActivityStart(runId, context.Name.Name, null));
        return AttemptDeadline.RunAsync(context.Name.Name, options.StepRetry.Timeout, cancel => StopGuard.RunAsync(workload, services, options, runId, call.StartedAt, null, async stop =>
        {
            if (workload.Drop is { Required.Count: > 0 } drop && input.Source is { } source)
            {
                await Drops.RequiredFiles.WaitAsync(services.Blobs, source, drop.Required, options.MissingFileWait, options.MissingFilePoll, stop).ConfigureAwait(false);
            }

            var resolved = await DropParameters.ResolveAsync(workload, services.Blobs, input, stop).ConfigureAwait(false);
            return new PlannedRun(resolved, await workload.PlanAsync(runId, resolved, stop).ConfigureAwait(false));
        }, cancel));
    }
}
