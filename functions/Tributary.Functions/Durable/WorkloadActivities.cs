using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Durable;

/// <summary>
/// One activity function per core activity (`{kind}_plan|_partition|_finalize|_quarantine|_failed|_cleanup`), each running the
/// core activity that <see cref="WorkloadTasks"/> registers under the same name, so both hosts run the same objects.
/// </summary>
public sealed class WorkloadActivities(WorkloadTasks tasks)
{
    [Function("hpi_plan")]
    public Task<PlannedRun> HpiPlan([ActivityTrigger] PlanCall input, FunctionContext context) => Run<PlanCall, PlannedRun>("hpi_plan", input, context);

    [Function("hpi_partition")]
    public Task<JsonElement> HpiPartition([ActivityTrigger] PartitionCall input, FunctionContext context) => Run<PartitionCall, JsonElement>("hpi_partition", input, context);

    [Function("hpi_finalize")]
    public Task<JsonElement> HpiFinalize([ActivityTrigger] FinalizeCall input, FunctionContext context) => Run<FinalizeCall, JsonElement>("hpi_finalize", input, context);

    [Function("hpi_quarantine")]
    public Task<BlobRef> HpiQuarantine([ActivityTrigger] QuarantineCall input, FunctionContext context) => Run<QuarantineCall, BlobRef>("hpi_quarantine", input, context);

    [Function("hpi_failed")]
    public Task<bool> HpiFailed([ActivityTrigger] RunFailedCall input, FunctionContext context) => Run<RunFailedCall, bool>("hpi_failed", input, context);

    [Function("hpi_cleanup")]
    public Task<int> HpiCleanup([ActivityTrigger] string input, FunctionContext context) => Run<string, int>("hpi_cleanup", input, context);

    [Function("gen_plan")]
    public Task<PlannedRun> GenPlan([ActivityTrigger] PlanCall input, FunctionContext context) => Run<PlanCall, PlannedRun>("gen_plan", input, context);

    [Function("gen_partition")]
    public Task<JsonElement> GenPartition([ActivityTrigger] PartitionCall input, FunctionContext context) => Run<PartitionCall, JsonElement>("gen_partition", input, context);

    [Function("gen_finalize")]
    public Task<JsonElement> GenFinalize([ActivityTrigger] FinalizeCall input, FunctionContext context) => Run<FinalizeCall, JsonElement>("gen_finalize", input, context);

    [Function("gen_quarantine")]
    public Task<BlobRef> GenQuarantine([ActivityTrigger] QuarantineCall input, FunctionContext context) => Run<QuarantineCall, BlobRef>("gen_quarantine", input, context);

    [Function("gen_failed")]
    public Task<bool> GenFailed([ActivityTrigger] RunFailedCall input, FunctionContext context) => Run<RunFailedCall, bool>("gen_failed", input, context);

    [Function("gen_cleanup")]
    public Task<int> GenCleanup([ActivityTrigger] string input, FunctionContext context) => Run<string, int>("gen_cleanup", input, context);

    [Function("recon_plan")]
    public Task<PlannedRun> ReconPlan([ActivityTrigger] PlanCall input, FunctionContext context) => Run<PlanCall, PlannedRun>("recon_plan", input, context);

    [Function("recon_partition")]
    public Task<JsonElement> ReconPartition([ActivityTrigger] PartitionCall input, FunctionContext context) => Run<PartitionCall, JsonElement>("recon_partition", input, context);

    [Function("recon_finalize")]
    public Task<JsonElement> ReconFinalize([ActivityTrigger] FinalizeCall input, FunctionContext context) => Run<FinalizeCall, JsonElement>("recon_finalize", input, context);

    [Function("recon_quarantine")]
    public Task<BlobRef> ReconQuarantine([ActivityTrigger] QuarantineCall input, FunctionContext context) => Run<QuarantineCall, BlobRef>("recon_quarantine", input, context);

    [Function("recon_failed")]
    public Task<bool> ReconFailed([ActivityTrigger] RunFailedCall input, FunctionContext context) => Run<RunFailedCall, bool>("recon_failed", input, context);

    [Function("recon_cleanup")]
    public Task<int> ReconCleanup([ActivityTrigger] string input, FunctionContext context) => Run<string, int>("recon_cleanup", input, context);

    [Function("forecast_plan")]
    public Task<PlannedRun> ForecastPlan([ActivityTrigger] PlanCall input, FunctionContext context) => Run<PlanCall, PlannedRun>("forecast_plan", input, context);

    [Function("forecast_partition")]
    public Task<JsonElement> ForecastPartition([ActivityTrigger] PartitionCall input, FunctionContext context) => Run<PartitionCall, JsonElement>("forecast_partition", input, context);

    [Function("forecast_finalize")]
    public Task<JsonElement> ForecastFinalize([ActivityTrigger] FinalizeCall input, FunctionContext context) => Run<FinalizeCall, JsonElement>("forecast_finalize", input, context);

    [Function("forecast_quarantine")]
    public Task<BlobRef> ForecastQuarantine([ActivityTrigger] QuarantineCall input, FunctionContext context) => Run<QuarantineCall, BlobRef>("forecast_quarantine", input, context);

    [Function("forecast_failed")]
    public Task<bool> ForecastFailed([ActivityTrigger] RunFailedCall input, FunctionContext context) => Run<RunFailedCall, bool>("forecast_failed", input, context);

    [Function("forecast_cleanup")]
    public Task<int> ForecastCleanup([ActivityTrigger] string input, FunctionContext context) => Run<string, int>("forecast_cleanup", input, context);

    // A fresh core activity per call, as the SDK's registry creates one per invocation.
    private Task<TOut> Run<TIn, TOut>(string name, TIn input, FunctionContext context) =>
        ((TaskActivity<TIn, TOut>)tasks.Activities[name]()).RunAsync(FunctionActivityContext.For(name, context), input);
}
