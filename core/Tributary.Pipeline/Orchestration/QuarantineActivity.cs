using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Moves a drop rejected by its plan to quarantine, with its error report beside it.</summary>
public sealed class QuarantineActivity(PipelineServices services, PipelineOptions options, string kind = "") : TaskActivity<QuarantineCall, BlobRef>
{
    /// <inheritdoc />
    public override Task<BlobRef> RunAsync(TaskActivityContext context, QuarantineCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        services.ActivityStarting?.Invoke(new ActivityStart(input.RunId, context.Name.Name, null));
        return TracedAsync(context.Name.Name, input);
    }

    private async Task<BlobRef> TracedAsync(string name, QuarantineCall input)
    {
        using var step = RunStep.Begin(services, "quarantine", kind, input.RunId);
        try
        {
            var report = await AttemptDeadline.RunAsync(name, options.StepRetry.Timeout, cancel =>
                Quarantine.MoveAsync(services.Blobs, options.QuarantineContainer, input.RunId, input.Drop, input.Report, cancel)).ConfigureAwait(false);
            step.Log.LogWarning("Run {RunId}: drop {Trigger} quarantined with its report {Report}", input.RunId, input.Drop.Trigger, report);
            return report;
        }
        catch (Exception e)
        {
            step.Fail(e, "quarantine", input.RunId);
            throw;
        }
    }
}
