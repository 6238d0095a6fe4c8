using Microsoft.DurableTask;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// Removes a failed run's staged partitions (<see cref="IWorkload.RemoveStagingAsync"/>), before its Failed event (a
/// completed run's finalize removes its own). Idempotent: deleting what is gone deletes nothing.
/// </summary>
public sealed class RemoveStagingActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<string, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, string runId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runId);
        services.ActivityStarting?.Invoke(new ActivityStart(runId, context.Name.Name, null));
        return AttemptDeadline.RunAsync(context.Name.Name, options.StepRetry.Timeout, cancel => workload.RemoveStagingAsync(runId, cancel));
    }
}
