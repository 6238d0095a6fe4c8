using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Publishes a failed run's event; the orchestrator calls it before it fails, in both hosts alike.</summary>
public sealed class RunFailedActivity(string kind, PipelineServices services) : TaskActivity<RunFailedCall, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RunFailedCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var step = RunStep.Begin(services, "failed", kind, input.RunId);
        step.Log.LogWarning("Run {RunId} failed: {ErrorType}: {Message}", input.RunId, input.ErrorType, input.Message);
        var failure = JsonSerializer.Serialize(new FailureDetails(input.ErrorType, input.Message), Durable.DurableJson.Options);
        await services.Events.PublishAsync(
            new RunEvent(input.RunId, kind, nameof(RuntimeStatus.Failed), failure, services.Time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);

        // The orchestrator fails right after this step (it rethrows), so the entry can say so now.
        await RunEndRecord.WriteAsync(services.Blobs, kind, input.RunId, RuntimeStatus.Failed, step.Log).ConfigureAwait(false);
        return true;
    }
}
