using Microsoft.DurableTask;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Moves a drop rejected by its plan to quarantine, with its error report beside it.</summary>
public sealed class QuarantineActivity(PipelineServices services, PipelineOptions options) : TaskActivity<QuarantineCall, BlobRef>
{
    /// <inheritdoc />
    public override Task<BlobRef> RunAsync(TaskActivityContext context, QuarantineCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        services.ActivityStarting?.Invoke(new ActivityStart(input.RunId, context.Name.Name, null));
        return AttemptDeadline.RunAsync(context.Name.Name, options.StepRetry.Timeout, cancel =>
            Quarantine.MoveAsync(services.Blobs, options.QuarantineContainer, input.RunId, input.Drop, input.Report, cancel));
    }
}
