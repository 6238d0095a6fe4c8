namespace Tributary.Pipeline.Durable;

/// <summary>An activity or child orchestration failed for good (after retries); what the orchestrator sees.</summary>
public sealed class ActivityFailedException(string name, FailureDetails failure)
    : Exception($"{name} failed: {failure.Message}")
{
    /// <summary>The activity or child orchestration name.</summary>
    public string Name { get; } = name;

    /// <summary>The recorded failure.</summary>
    public FailureDetails Failure { get; } = failure;
}

/// <summary>Replay found a call that differs from the recorded history: the orchestrator is not deterministic.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);

/// <summary>An activity attempt ran past its <see cref="RetryPolicy.Timeout"/>.</summary>
public sealed class ActivityTimeoutException(string name, TimeSpan timeout)
    : TimeoutException($"activity {name} timed out after {timeout.TotalMilliseconds:0} ms");
