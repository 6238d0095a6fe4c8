namespace Tributary.Pipeline.Durable;

/// <summary>The persisted state of one orchestration instance (one Cosmos document in the `instances` container).</summary>
/// <param name="Id">Instance id: caller-supplied or derived from the triggering event, so starts are idempotent.</param>
/// <param name="Kind">Workload kind: `hpi`, `gen` or `recon`.</param>
/// <param name="Input">Orchestration input as JSON (a small reference document, never bulk data).</param>
/// <param name="Output">Orchestration output as JSON once completed.</param>
/// <param name="CustomStatus">Progress as JSON (phase, done, total).</param>
/// <param name="Failure">Failure details once failed.</param>
/// <param name="ETag">Store concurrency token; null for a state not read from the store.</param>
public sealed record InstanceState(
    string Id,
    string Kind,
    RuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    FailureDetails? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? ETag = null)
{
    /// <summary>True when the instance will not change any more.</summary>
    public bool IsTerminal => Status is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated;
}

/// <summary>Why an instance or an activity failed.</summary>
public sealed record FailureDetails(string ErrorType, string Message, string? StackTrace = null);
