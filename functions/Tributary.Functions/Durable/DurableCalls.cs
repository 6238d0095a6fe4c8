using Tributary.Pipeline.Durable;

namespace Tributary.Functions.Durable;

/// <summary>
/// The few calls the adapter needs from a Durable host, in JSON strings: implemented in a handful of lines over
/// <c>TaskOrchestrationContext</c> (<see cref="TaskOrchestrationCalls"/>), and by a fake in unit tests.
/// SHOULD MOVE TO CORE (Tributary.Pipeline/Durable) with <see cref="DurableCallsContext"/>: nothing here is Azure-specific.
/// </summary>
public interface IDurableCalls
{
    string InstanceId { get; }

    DateTime CurrentUtcDateTime { get; }

    bool IsReplaying { get; }

    /// <summary>The instance input as core's JSON.</summary>
    string? InputJson { get; }

    /// <summary>Calls an activity function with the envelope; returns its JSON result or throws <see cref="ActivityFailedException"/>.</summary>
    Task<string?> CallActivityAsync(string functionName, ActivityEnvelope envelope, RetryPolicy? retry);

    /// <summary>Calls an orchestrator function as a child; returns its JSON output or throws <see cref="ActivityFailedException"/>.</summary>
    Task<string?> CallSubOrchestratorAsync(string functionName, string? inputJson);

    void SetCustomStatus(string? json);
}

/// <summary>
/// What crosses Durable's history for one activity call: core's JSON input plus what core's <see cref="ActivityContext"/>
/// needs (instance id and call sequence, so side effects get deterministic ids). Attempt is always 1: Durable retries
/// transparently and does not tell the activity which attempt it is.
/// </summary>
public sealed record ActivityEnvelope(string InstanceId, int Sequence, string? Input);
