namespace Tributary.Reconciliation.Workflow;

/// <summary>
/// One recorded status change: who moved the break (display name and stable id of the authenticated caller), from where to
/// where, and when; a note when the pipeline made it (e.g. "found again in run X"); the reviewer's free-text comment.
/// </summary>
public sealed record StatusChange(BreakStatus From, BreakStatus To, string Actor, DateTimeOffset At, string? Note = null, string? ActorId = null, string? Comment = null);

/// <summary>The workflow state of one break: its current status and every change so far (oldest first).</summary>
public sealed record BreakState(string BreakId, BreakStatus Status, IReadOnlyList<StatusChange> History)
{
    /// <summary>A newly created break: open, no history.</summary>
    public static BreakState Opened(string breakId) => new(breakId, BreakStatus.Open, []);
}

/// <summary>The outcome of a transition request: the new state, or why it was refused (the state is then unchanged).</summary>
public sealed record TransitionResult(BreakState State, bool Accepted, string? Rejection)
{
    public static TransitionResult Accept(BreakState state) => new(state, true, null);

    public static TransitionResult Reject(BreakState state, string reason) => new(state, false, reason);
}
