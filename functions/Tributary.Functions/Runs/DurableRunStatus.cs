using System.Text.Json;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Runs;

/// <summary>Durable's instance metadata as core's <see cref="RunStatusView"/>, the contract both hosts answer with.</summary>
public static class DurableRunStatus
{
    /// <summary>Maps Durable's metadata; payloads are core's JSON carried as JSON strings (see DurableCallsContext).</summary>
    public static RunStatusView ToView(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        metadata.Name.Split('_')[0],
        Status(metadata.RuntimeStatus),
        Json(metadata.SerializedInput),
        Json(metadata.SerializedCustomStatus),
        Json(metadata.SerializedOutput),
        metadata.FailureDetails is { } f ? new FailureDetails(f.ErrorType.Split('.')[^1], f.ErrorMessage, f.StackTrace) : null,
        metadata.CreatedAt,
        metadata.LastUpdatedAt);

    /// <summary>Durable's statuses in core's five (suspended and continued-as-new are still running; canceled is terminated).</summary>
    public static RuntimeStatus Status(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => RuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Completed => RuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => RuntimeStatus.Failed,
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but still reported by older hubs.
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled => RuntimeStatus.Terminated,
#pragma warning restore CS0618
        _ => RuntimeStatus.Running,
    };

    // Serialized payloads are JSON string literals holding core's JSON: unwrap once, then parse.
    private static JsonElement? Json(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        var inner = JsonSerializer.Deserialize<string>(serialized);
        return inner is null ? null : JsonDocument.Parse(inner).RootElement.Clone();
    }
}
