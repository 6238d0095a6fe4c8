namespace Tributary.Pipeline.Durable.Hosting;

/// <summary>
/// The few calls <see cref="DurableCallsContext"/> needs from a Durable host, in JSON strings: implemented in a handful of
/// lines over Durable's <c>TaskOrchestrationContext</c> by the Functions app (<c>TaskOrchestrationCalls</c>).
/// </summary>
public interface IDurableCalls
{
    /// <summary>Id of the running instance.</summary>
    string InstanceId { get; }

    /// <summary>Durable's deterministic "now".</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while Durable replays recorded history.</summary>
    bool IsReplaying { get; }

    /// <summary>The instance input as core's JSON.</summary>
    string? InputJson { get; }

    /// <summary>Calls an activity function with the envelope; returns its JSON result or throws <see cref="ActivityFailedException"/>.</summary>
    Task<string?> CallActivityAsync(string functionName, ActivityEnvelope envelope, RetryPolicy? retry);

    /// <summary>Calls an orchestrator function as a child; returns its JSON output or throws <see cref="ActivityFailedException"/>.</summary>
    Task<string?> CallSubOrchestratorAsync(string functionName, string? inputJson);

    /// <summary>Replaces the instance's custom status with core's JSON.</summary>
    void SetCustomStatus(string? json);
}
