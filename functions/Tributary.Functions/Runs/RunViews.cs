using System.Text.Json;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Durable;

namespace Tributary.Functions.Runs;

// The same JSON contract as `tributary serve` (functions/Tributary.Host/Serve/Runs/RunViews.cs). Those records live in
// the Host executable today; once they move to core (Tributary.Pipeline), this file shrinks to the From(metadata) mapping.

/// <summary>The body of POST /api/runs/{kind}.</summary>
public sealed record StartRunBody(string? Id, SourceBody? Source, JsonElement? Parameters);

/// <summary>A folder of blobs in the request body.</summary>
public sealed record SourceBody(string? Container, string? Prefix);

/// <summary>The 202 answer to a start: the id and where to poll, terminate and purge.</summary>
public sealed record RunLinks(string Id, string StatusQueryGetUri, string TerminatePostUri, string PurgeDeleteUri);

/// <summary>One page of GET /api/runs.</summary>
public sealed record RunPage(IReadOnlyList<RunStatusView> Items, string? ContinuationToken);

/// <summary>An instance as GET /api/runs/{id} shows it.</summary>
public sealed record RunStatusView(
    string Id,
    string Kind,
    RuntimeStatus RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    FailureDetails? Failure,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    /// <summary>Maps Durable's metadata; payloads are core's JSON carried as JSON strings (see DurableCallsContext).</summary>
    public static RunStatusView From(OrchestrationMetadata metadata) => new(
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
