using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;

namespace Tributary.Functions.Durable;

/// <summary>
/// One orchestrator function per workload (and its bounded child orchestration), each delegating to core's
/// orchestration through <see cref="DurableCallsContext"/>. Names follow core's registration (kind, `{kind}.partitions`).
/// </summary>
public sealed class WorkloadOrchestrators(DurableRegistry registry)
{
    [Function("hpi")]
    public Task<string?> Hpi([OrchestrationTrigger] TaskOrchestrationContext context) => Run("hpi", context);

    [Function("hpi_partitions")]
    public Task<string?> HpiPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => Run("hpi.partitions", context);

    [Function("gen")]
    public Task<string?> Gen([OrchestrationTrigger] TaskOrchestrationContext context) => Run("gen", context);

    [Function("gen_partitions")]
    public Task<string?> GenPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => Run("gen.partitions", context);

    [Function("recon")]
    public Task<string?> Recon([OrchestrationTrigger] TaskOrchestrationContext context) => Run("recon", context);

    [Function("recon_partitions")]
    public Task<string?> ReconPartitions([OrchestrationTrigger] TaskOrchestrationContext context) => Run("recon.partitions", context);

    private Task<string?> Run(string name, TaskOrchestrationContext context) =>
        registry.GetOrchestrator(name)(new DurableCallsContext(new TaskOrchestrationCalls(context)));
}
