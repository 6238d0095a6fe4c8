using System.Text.Json;
using Microsoft.DurableTask;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Computes one partition. Idempotent (outputs keyed by run and partition), as at-least-once delivery requires.</summary>
public sealed class PartitionActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<PartitionCall, JsonElement>
{
    /// <inheritdoc />
    public override Task<JsonElement> RunAsync(TaskActivityContext context, PartitionCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        services.ActivityStarting?.Invoke(new ActivityStart(input.RunId, context.Name.Name, input.Partition.Id));
        return AttemptDeadline.RunAsync(context.Name.Name, options.PartitionRetry.Timeout, cancel => StopGuard.RunAsync(
            workload, services, options, input.RunId, input.StartedAt, input.Plan, stop => workload.RunPartitionAsync(input.RunId, input.Plan, input.Partition, stop), cancel));
    }
}
