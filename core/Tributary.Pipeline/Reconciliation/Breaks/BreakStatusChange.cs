using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Moves a stored break along the reconciliation engine's workflow, recording the authenticated caller as who did it, with an
/// ETag-guarded replace so two reviewers cannot both win. Shared by `tributary serve` and the Functions app.
/// </summary>
public sealed class BreakStatusChange(IDocumentStore documents, TimeProvider time)
{
    /// <summary>The longest assignee name accepted.</summary>
    public const int MaxAssigneeLength = InputLimits.MaxAssigneeLength;

    /// <summary>The longest comment accepted.</summary>
    public const int MaxCommentLength = InputLimits.MaxCommentLength;

    /// <summary>Applies the patch as <paramref name="caller"/>: the updated break, or why not (bad field, missing role, unknown break, refused transition, lost race).</summary>
    public async Task<RequestOutcome<ReconBreakDocument>> ApplyAsync(string runId, string breakId, BreakPatch? patch, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return RequestOutcome<ReconBreakDocument>.Invalid("runId", malformedRun);
        }

        if (BreakIdProblem(breakId) is { } malformedBreak)
        {
            return RequestOutcome<ReconBreakDocument>.Invalid("breakId", malformedBreak);
        }

        if (Validate(patch, out var target) is { } invalid)
        {
            return RequestOutcome<ReconBreakDocument>.Invalid(invalid.Field, invalid.Problem);
        }

        if (RoleRefusal(caller, target) is { } refusal)
        {
            return RequestOutcome<ReconBreakDocument>.Forbidden(refusal);
        }

        var moved = await MoveAsync(runId, breakId, target, patch!.Comment, patch.Assignee, caller, cancellationToken).ConfigureAwait(false);
        return moved.Outcome switch
        {
            BreakMoveOutcome.Moved => RequestOutcome<ReconBreakDocument>.Found(moved.Break!),
            BreakMoveOutcome.NotFound => RequestOutcome<ReconBreakDocument>.Missing($"break {breakId} of run {runId}"),
            _ => RequestOutcome<ReconBreakDocument>.Conflict(moved.Detail!),
        };
    }

    /// <summary>What is wrong with a break id, or null when it is one.</summary>
    public static string? BreakIdProblem(string breakId) =>
        RunIds.IsIdShaped(breakId, InputLimits.MaxResultIdLength)
            ? null
            : $"'{(breakId.Length <= 80 ? breakId : breakId[..77] + "...")}' is not a break id: 1-{InputLimits.MaxResultIdLength} letters, digits, '.', '_' or '-'";

    /// <summary>The first bad field of a patch (status, assignee, comment, actor or an unknown key), or null with the target status.</summary>
    public static (string Field, string Problem)? Validate(BreakPatch? patch, out BreakStatus target)
    {
        target = BreakStatus.Open;
        if (patch?.UnknownKeys is { Count: > 0 } unknown)
        {
            var key = unknown.Keys.Order(StringComparer.Ordinal).First();
            return (key, Workloads.UnknownKeys.Problem(key, BreakPatch.Keys));
        }

        if (patch is null || !BreakStatusNames.TryParseAnySpelling(patch.Status, out target))
        {
            return ("status", $"must be one of {string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()))}");
        }

        if (patch.Actor is not null)
        {
            return ("actor", "who acts is taken from your credential and cannot be sent; put any remark in 'comment'");
        }

        if (patch.Assignee is { Length: > MaxAssigneeLength })
        {
            return ("assignee", $"at most {MaxAssigneeLength} characters");
        }

        // Lengths first, then hidden characters, assignee before comment (the order the single move always answered in).
        return patch.Comment is { Length: > MaxCommentLength } ? ("comment", $"at most {MaxCommentLength} characters")
            : patch.Assignee is not null && HiddenCharacter(patch.Assignee, allowLineBreaks: false) is { } hidden ? ("assignee", hidden)
            : CommentProblem(patch.Comment) is { } comment ? ("comment", comment)
            : null;
    }

    /// <summary>What is wrong with a comment (too long, a hidden character), or null.</summary>
    public static string? CommentProblem(string? comment) =>
        comment is { Length: > MaxCommentLength } ? $"at most {MaxCommentLength} characters"
        : comment is not null ? HiddenCharacter(comment, allowLineBreaks: true)
        : null;

    /// <summary>The 403 refusal of a move to <paramref name="target"/> by <paramref name="caller"/>, or null when allowed.</summary>
    public static string? RoleRefusal(Caller caller, BreakStatus target)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var required = BreakMoveRoles.Required(target);
        return caller.Has(required) ? null : AccessPolicy.Refusal(caller, required, $"move a break to {target.Name()}");
    }

    /// <summary>
    /// Moves one break (validated input, role checked) along the workflow as <paramref name="caller"/>: read, transition,
    /// ETag-guarded replace. The bulk move and the single move share it.
    /// </summary>
    public Task<BreakMove> MoveAsync(string runId, string breakId, BreakStatus target, string? comment, string? assignee, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return ChangeAsync(runId, breakId, "break move", target.Name(), current =>
        {
            BreakStatusNames.TryParse(current.Status, out var status);
            var moved = BreakWorkflow.Transition(new BreakState(current.Id, status, current.History), target, caller.Name, time.GetUtcNow(), caller.Id, note);
            if (!moved.Accepted)
            {
                return (null, moved.Rejection);
            }

            var named = assignee is null ? current.Assignee : assignee.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            return (current with
            {
                Status = moved.State.Status.Name(), History = moved.State.History, Assignee = named,
                Overdue = current.Overdue && moved.State.Status != BreakStatus.Closed,
            }, null);
        }, cancellationToken);
    }

    /// <summary>
    /// Closes one break as matched by an accepted suggestion, as <paramref name="caller"/> (an approver, checked by the caller):
    /// the same read, ETag-guarded replace and history as every move. A break already closed by this suggestion counts as
    /// moved, so a retried accept finishes what a lost race left.
    /// </summary>
    public Task<BreakMove> CloseAsMatchedAsync(string runId, string breakId, string suggestionId, string? comment, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return ChangeAsync(runId, breakId, "break match", BreakStatus.Closed.Name(), current =>
        {
            if (current.Status == BreakStatus.Closed.Name() && current.MatchedBySuggestion == suggestionId)
            {
                return (current, null);
            }

            BreakStatusNames.TryParse(current.Status, out var status);
            var closed = BreakWorkflow.MatchedBySuggestion(new BreakState(current.Id, status, current.History), suggestionId, caller.Name, time.GetUtcNow(), caller.Id, note);
            return closed.Accepted
                ? (current with { Status = closed.State.Status.Name(), History = closed.State.History, MatchedBySuggestion = suggestionId, Overdue = false }, null)
                : (null, closed.Rejection);
        }, cancellationToken);
    }

    private async Task<BreakMove> ChangeAsync(string runId, string breakId, string spanName, string to,
        Func<ReconBreakDocument, (ReconBreakDocument? Updated, string? Refusal)> change, CancellationToken cancellationToken)
    {
        using var span = Telemetry.PipelineTelemetry.Source.StartActivity(spanName);
        span?.SetTag(Telemetry.PipelineTelemetry.RunIdTag, runId);
        span?.SetTag("tributary.break.id", breakId);
        span?.SetTag("tributary.break.to", to);
        var stored = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new BreakMove(BreakMoveOutcome.NotFound, null, $"break {breakId} of run {runId} was not found");
        }

        var (updated, refusal) = change(stored.Document);
        if (updated is null)
        {
            return new BreakMove(BreakMoveOutcome.NotAllowed, null, refusal);
        }

        if (ReferenceEquals(updated, stored.Document))
        {
            return new BreakMove(BreakMoveOutcome.Moved, updated, null);
        }

        try
        {
            await documents.ReplaceAsync(ResultContainers.ReconBreaks, runId, breakId, updated, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return new BreakMove(BreakMoveOutcome.Conflict, null, $"break {breakId} was changed by someone else; read it again and retry");
        }

        Telemetry.PipelineTelemetry.BreakMoves.Add(1, new KeyValuePair<string, object?>("status", to));
        return new BreakMove(BreakMoveOutcome.Moved, updated, null);
    }

    // Text people read in an audit trail: a NUL, another control character or a bidi override (which reorders what is shown,
    // so a comment could read other than it is) is refused; a comment may have line breaks and tabs.
    internal static string? HiddenCharacter(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var control = char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t');
            var bidi = c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
            if (control || bidi)
            {
                return $"{(control ? "control" : "bidirectional formatting")} character U+{(int)c:X4} at position {i + 1} is not allowed";
            }
        }

        return null;
    }
}

/// <summary>How one break move ended: moved, not found, refused by the workflow, or lost to a concurrent change.</summary>
public enum BreakMoveOutcome
{
    Moved,
    NotFound,
    NotAllowed,
    Conflict,
}

/// <summary>One break move's outcome, the moved break, or what refused it.</summary>
public sealed record BreakMove(BreakMoveOutcome Outcome, ReconBreakDocument? Break, string? Detail);
