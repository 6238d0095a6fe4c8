using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tributary.Pipeline.Orchestration;

namespace Tributary.Functions.Durable;

/// <summary>
/// The app's activity functions: one per core activity (`{kind}_plan|_partition|_finalize|_quarantine|_failed|_cleanup`),
/// written from <see cref="WorkloadTasks"/> as the app builds (functions/Tributary.Functions.Bindings), each running the
/// core activity registered under the same name, so both hosts run the same objects.
/// </summary>
public sealed partial class WorkloadActivities(WorkloadTasks tasks)
{
    // A fresh core activity per call, as the SDK's registry creates one per invocation.
    private Task<TOut> RunActivityAsync<TIn, TOut>(string name, TIn input, FunctionContext context) =>
        ((TaskActivity<TIn, TOut>)tasks.Activities[name]()).RunAsync(FunctionActivityContext.For(name, context), input);
}
