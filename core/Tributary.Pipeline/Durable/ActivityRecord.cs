namespace Tributary.Pipeline.Durable;

/// <summary>A completed activity call of one instance, recorded so that replay returns it instead of running it again.</summary>
/// <param name="InstanceId">The owning instance (the `history` container's partition key).</param>
/// <param name="Sequence">0-based position of the call in the orchestrator's deterministic call order.</param>
/// <param name="Name">Activity name, checked on replay to detect a non-deterministic orchestrator.</param>
/// <param name="Result">Activity result as JSON when it succeeded.</param>
/// <param name="Failure">Final failure (after retries) when it failed.</param>
public sealed record ActivityRecord(
    string InstanceId,
    int Sequence,
    string Name,
    string? Result,
    FailureDetails? Failure,
    DateTimeOffset CompletedAt);
