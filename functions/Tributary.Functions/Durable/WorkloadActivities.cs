using Microsoft.Azure.Functions.Worker;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;

namespace Tributary.Functions.Durable;

/// <summary>One activity function per core activity (`{kind}.plan|partition|finalize|quarantine`), each calling core's handler.</summary>
public sealed class WorkloadActivities(DurableRegistry registry)
{
    [Function("hpi_plan")]
    public Task<string?> HpiPlan([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("hpi.plan", call, cancel);

    [Function("hpi_partition")]
    public Task<string?> HpiPartition([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("hpi.partition", call, cancel);

    [Function("hpi_finalize")]
    public Task<string?> HpiFinalize([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("hpi.finalize", call, cancel);

    [Function("hpi_quarantine")]
    public Task<string?> HpiQuarantine([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("hpi.quarantine", call, cancel);

    [Function("gen_plan")]
    public Task<string?> GenPlan([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("gen.plan", call, cancel);

    [Function("gen_partition")]
    public Task<string?> GenPartition([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("gen.partition", call, cancel);

    [Function("gen_finalize")]
    public Task<string?> GenFinalize([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("gen.finalize", call, cancel);

    [Function("gen_quarantine")]
    public Task<string?> GenQuarantine([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("gen.quarantine", call, cancel);

    [Function("recon_plan")]
    public Task<string?> ReconPlan([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("recon.plan", call, cancel);

    [Function("recon_partition")]
    public Task<string?> ReconPartition([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("recon.partition", call, cancel);

    [Function("recon_finalize")]
    public Task<string?> ReconFinalize([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("recon.finalize", call, cancel);

    [Function("recon_quarantine")]
    public Task<string?> ReconQuarantine([ActivityTrigger] ActivityEnvelope call, CancellationToken cancel) => Run("recon.quarantine", call, cancel);

    // Durable retries an attempt transparently, so the activity always sees attempt 1.
    private Task<string?> Run(string name, ActivityEnvelope call, CancellationToken cancel) =>
        registry.GetActivity(name)(call.Input, new ActivityContext(call.InstanceId, call.Sequence, name, Attempt: 1), cancel);
}
