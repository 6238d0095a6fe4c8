namespace Tributary.Reconciliation.Workflow;

/// <summary>
/// Enforces the break workflow open → in_review → resolved | escalated → closed. Pure: the caller supplies the actor and
/// the time (the HTTP layer passes the authenticated user and its clock), so the workflow itself stays deterministic.
/// </summary>
public static class BreakWorkflow
{
    private static readonly IReadOnlyDictionary<BreakStatus, BreakStatus[]> Allowed = new Dictionary<BreakStatus, BreakStatus[]>
    {
        [BreakStatus.Open] = [BreakStatus.InReview],
        [BreakStatus.InReview] = [BreakStatus.Resolved, BreakStatus.Escalated],
        [BreakStatus.Resolved] = [BreakStatus.Closed],
        [BreakStatus.Escalated] = [BreakStatus.Closed],
        [BreakStatus.Closed] = [],
    };

    /// <summary>The statuses reachable from <paramref name="status"/> in one step.</summary>
    public static IReadOnlyList<BreakStatus> Next(BreakStatus status) => Allowed[status];

    /// <summary>
    /// Moves a break to <paramref name="target"/>, recording who (name and, when known, stable id), when, and the reviewer's
    /// comment; refuses moves the workflow does not allow.
    /// </summary>
    public static TransitionResult Transition(BreakState current, BreakStatus target, string actor, DateTimeOffset at, string? actorId = null, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (string.IsNullOrWhiteSpace(actor))
        {
            return TransitionResult.Reject(current, "a transition needs the actor who makes it");
        }

        if (current.History.Count > 0 && at < current.History[^1].At)
        {
            return TransitionResult.Reject(current,
                $"a transition at {at:O} cannot precede the previous one at {current.History[^1].At:O}");
        }

        if (!Allowed[current.Status].Contains(target))
        {
            var allowed = Allowed[current.Status];
            var options = allowed.Length == 0 ? "none: the break is closed" : string.Join(" or ", allowed.Select(s => s.Name()));
            return TransitionResult.Reject(current,
                $"cannot move break {current.BreakId} from {current.Status.Name()} to {target.Name()}; allowed: {options}");
        }

        var change = new StatusChange(current.Status, target, actor.Trim(), at, ActorId: actorId, Comment: comment);
        return TransitionResult.Accept(current with { Status = target, History = [.. current.History, change] });
    }

    /// <summary>The actor of the changes the pipeline makes itself when a later run carries a break forward.</summary>
    public const string PipelineActor = "tributary";

    /// <summary>
    /// A break found again by a later run on the same input: status and history unchanged, plus an entry "found again in run
    /// {runId}" (from and to the current status), so the history shows which runs saw it.
    /// </summary>
    public static BreakState FoundAgain(BreakState previous, string runId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return previous with { History = [.. previous.History, new StatusChange(previous.Status, previous.Status, PipelineActor, NotBefore(previous, at), FoundAgainNote(runId))] };
    }

    /// <summary>
    /// A break a later run on the same input no longer finds: closed from whatever status it had, with the reason "not found
    /// in run {runId}". A closed break stays as it is. Outside the reviewers' moves on purpose: nobody has to work a break
    /// that has gone.
    /// </summary>
    public static BreakState NotFound(BreakState previous, string runId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return previous.Status == BreakStatus.Closed
            ? previous
            : previous with
            {
                Status = BreakStatus.Closed,
                History = [.. previous.History, new StatusChange(previous.Status, BreakStatus.Closed, PipelineActor, NotBefore(previous, at), NotFoundNote(runId))],
            };
    }

    /// <summary>
    /// A break closed because a person accepted a suggested match that clears it: closed from any status but closed (the
    /// suggestion is the evidence a review would have gathered), recorded with who accepted, when, their comment and the
    /// note "matched by suggestion {id}". Closing is an approver's act, which the caller checks.
    /// </summary>
    public static TransitionResult MatchedBySuggestion(BreakState current, string suggestionId, string actor, DateTimeOffset at, string? actorId = null, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (string.IsNullOrWhiteSpace(actor))
        {
            return TransitionResult.Reject(current, "a transition needs the actor who makes it");
        }

        if (current.Status == BreakStatus.Closed)
        {
            return TransitionResult.Reject(current, $"break {current.BreakId} is already closed");
        }

        var change = new StatusChange(current.Status, BreakStatus.Closed, actor.Trim(), NotBefore(current, at), MatchedNote(suggestionId), actorId, comment);
        return TransitionResult.Accept(current with { Status = BreakStatus.Closed, History = [.. current.History, change] });
    }

    /// <summary>The history note of a break closed by accepting a suggestion.</summary>
    public static string MatchedNote(string suggestionId) => $"matched by suggestion {suggestionId}";

    /// <summary>The history note of a break found again.</summary>
    public static string FoundAgainNote(string runId) => $"found again in run {runId}";

    /// <summary>The history note (and closing reason) of a break no longer found.</summary>
    public static string NotFoundNote(string runId) => $"not found in run {runId}";

    // History stays in time order even when clocks of two machines disagree.
    private static DateTimeOffset NotBefore(BreakState state, DateTimeOffset at) => state.History.Count > 0 && at < state.History[^1].At ? state.History[^1].At : at;
}
