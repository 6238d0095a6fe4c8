using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Durable;

/// <summary>
/// One orchestrator function per workload and its bounded child orchestration, each running core's orchestrator on the
/// extension's <see cref="TaskOrchestrationContext"/>. Function names are <see cref="WorkloadTaskNames"/>, so core's calls
/// to `{kind}_partitions` reach these functions unchanged.
/// </summary>
public sealed class WorkloadOrchestrators(PipelineOptions options)
{
    // The input is read from the context rather than bound as a parameter: GetInput goes through the worker's configured
    // serializer (DurableJson), the same path the SDK's class-based orchestrators take.
    [Function("hpi")]
    public Task<JsonElement> Hpi([OrchestrationTrigger] TaskOrchestrationContext context) => new WorkloadOrchestrator("hpi", options).RunAsync(context, Input<RunRequest>(context));

    [Function("hpi_partitions")]
    public Task<JsonElement[]> HpiPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => new PartitionBatchOrchestrator("hpi", options).RunAsync(context, Input<PartitionBatch>(context));

    [Function("gen")]
    public Task<JsonElement> Gen([OrchestrationTrigger] TaskOrchestrationContext context) => new WorkloadOrchestrator("gen", options).RunAsync(context, Input<RunRequest>(context));

    [Function("gen_partitions")]
    public Task<JsonElement[]> GenPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => new PartitionBatchOrchestrator("gen", options).RunAsync(context, Input<PartitionBatch>(context));

    [Function("recon")]
    public Task<JsonElement> Recon([OrchestrationTrigger] TaskOrchestrationContext context) => new WorkloadOrchestrator("recon", options).RunAsync(context, Input<RunRequest>(context));

    [Function("recon_partitions")]
    public Task<JsonElement[]> ReconPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => new PartitionBatchOrchestrator("recon", options).RunAsync(context, Input<PartitionBatch>(context));

    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"orchestration {context.Name} ({context.InstanceId}) was started without an input");
}
