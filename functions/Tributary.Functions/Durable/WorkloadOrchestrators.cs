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
    // The input is injected as a parameter, so the extension deserialises it (with the worker's serializer, DurableJson) as
    // that type. Without one it deserialises as object, and the context's GetInput<T>() then fails its cast.
    [Function("hpi")]
    public Task<JsonElement> Hpi([OrchestrationTrigger] TaskOrchestrationContext context, RunRequest input) => new WorkloadOrchestrator("hpi", options).RunAsync(context, input);

    [Function("hpi_partitions")]
    public Task<JsonElement[]> HpiPartitions([OrchestrationTrigger] TaskOrchestrationContext context, PartitionBatch input) => new PartitionBatchOrchestrator("hpi", options).RunAsync(context, input);

    [Function("gen")]
    public Task<JsonElement> Gen([OrchestrationTrigger] TaskOrchestrationContext context, RunRequest input) => new WorkloadOrchestrator("gen", options).RunAsync(context, input);

    [Function("gen_partitions")]
    public Task<JsonElement[]> GenPartitions([OrchestrationTrigger] TaskOrchestrationContext context, PartitionBatch input) => new PartitionBatchOrchestrator("gen", options).RunAsync(context, input);

    [Function("recon")]
    public Task<JsonElement> Recon([OrchestrationTrigger] TaskOrchestrationContext context, RunRequest input) => new WorkloadOrchestrator("recon", options).RunAsync(context, input);

    [Function("recon_partitions")]
    public Task<JsonElement[]> ReconPartitions([OrchestrationTrigger] TaskOrchestrationContext context, PartitionBatch input) => new PartitionBatchOrchestrator("recon", options).RunAsync(context, input);

    [Function("forecast")]
    public Task<JsonElement> Forecast([OrchestrationTrigger] TaskOrchestrationContext context, RunRequest input) => new WorkloadOrchestrator("forecast", options).RunAsync(context, input);

    [Function("forecast_partitions")]
    public Task<JsonElement[]> ForecastPartitions([OrchestrationTrigger] TaskOrchestrationContext context, PartitionBatch input) => new PartitionBatchOrchestrator("forecast", options).RunAsync(context, input);
}
