using System.Text.Json;
using Microsoft.DurableTask;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>A child orchestration: one bounded share of a large run's partitions, fanned out like a small run's.</summary>
public sealed class PartitionBatchOrchestrator(string kind, PipelineOptions options) : TaskOrchestrator<PartitionBatch, JsonElement[]>
{
    /// <inheritdoc />
    public override Task<JsonElement[]> RunAsync(TaskOrchestrationContext context, PartitionBatch input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var plan = input.Plan with { Partitions = [] };
        var partitions = input.Plan.Partitions;
        return context.FanOutAsync(
            Enumerable.Range(0, partitions.Count).ToList(),
            options.MaxPartitionsInFlight,
            i => context.CallActivityAsync<JsonElement>(
                WorkloadTaskNames.Partition(kind), new PartitionCall(input.RunId, plan, partitions[i], input.StartedAt, input.FirstIndex + i),
                options.PartitionRetry.ToTaskOptions(PartitionTags.Of(input.FirstIndex + i, partitions[i]))),
            (done, total) => context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total)));
    }
}
