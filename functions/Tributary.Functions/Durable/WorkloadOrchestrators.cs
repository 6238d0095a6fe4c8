using Microsoft.DurableTask;
using Tributary.Pipeline.Orchestration;

namespace Tributary.Functions.Durable;

/// <summary>
/// The app's orchestrator functions: one per core orchestrator task (`{kind}`, `{kind}_partitions`), written from
/// <see cref="WorkloadTasks"/> as the app builds (functions/Tributary.Functions.Bindings), each running core's orchestrator
/// of the same name on the extension's <see cref="TaskOrchestrationContext"/>, so both hosts run the same objects.
/// </summary>
public sealed partial class WorkloadOrchestrators(WorkloadTasks tasks)
{
    // A fresh core orchestrator per episode, as the SDK's registry creates one per execution.
    private Task<TOut> RunOrchestratorAsync<TIn, TOut>(string name, TaskOrchestrationContext context, TIn input) =>
        ((TaskOrchestrator<TIn, TOut>)tasks.Orchestrators[name]()).RunAsync(context, input);
}
