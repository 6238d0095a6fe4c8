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

    /// <summary>Moves a break to <paramref name="target"/>, recording who and when; refuses moves the workflow does not allow.</summary>
    public static TransitionResult Transition(BreakState current, BreakStatus target, string actor, DateTimeOffset at)
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

        var change = new StatusChange(current.Status, target, actor.Trim(), at);
        return TransitionResult.Accept(current with { Status = target, History = [.. current.History, change] });
    }
}
