namespace Tributary.Pipeline.Runs;

/// <summary>A run as the Durable backend keeps it (the Azure Storage instances table in both hosts).</summary>
/// <param name="Id">Run id: `{kind}-…`, caller-supplied or derived from the triggering event, so starts are idempotent.</param>
/// <param name="Kind">Workload kind, the orchestrator's name: `hpi`, `gen`, `recon`.</param>
/// <param name="Input">Orchestration input as JSON (a small reference document, never bulk data).</param>
/// <param name="Output">Orchestration output as JSON once completed (the reason once terminated).</param>
/// <param name="CustomStatus">Progress as JSON (phase, done, total).</param>
/// <param name="Failure">Failure details once failed.</param>
public sealed record RunState(
    string Id,
    string Kind,
    RuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    FailureDetails? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>True when the run will not change any more.</summary>
    public bool IsTerminal => Status is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated;
}

/// <summary>Why a run failed: the exception type's full name and its message.</summary>
public sealed record FailureDetails(string ErrorType, string Message, string? StackTrace = null);
