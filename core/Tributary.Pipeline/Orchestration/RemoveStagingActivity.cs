using Microsoft.DurableTask;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// Removes a finished run's staged partitions (<see cref="IWorkload.RemoveStagingAsync"/>). A completed run schedules it
/// with its completion, so a retried finalize never ran after it; a failed run awaits it before the Failed event.
/// Idempotent: deleting what is gone deletes nothing. It retries its own deletes on the step schedule, since after a
/// completion there is no orchestration turn left to retry it.
/// </summary>
public sealed class RemoveStagingActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<string, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, string runId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runId);
        services.ActivityStarting?.Invoke(new ActivityStart(runId, context.Name.Name, null));
        return RemoveAsync(context.Name.Name, runId);
    }

    private async Task<int> RemoveAsync(string name, string runId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptDeadline.RunAsync(name, options.StepRetry.Timeout, cancel => workload.RemoveStagingAsync(runId, cancel)).ConfigureAwait(false);
            }
            catch (Exception) when (options.StepRetry.DelayAfter(attempt) is { } delay)
            {
                await Task.Delay(delay).ConfigureAwait(false);
            }
        }
    }
}
