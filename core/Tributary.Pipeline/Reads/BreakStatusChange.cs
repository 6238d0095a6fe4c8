using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reads;

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
    public async Task<ReadOutcome<ReconBreakDocument>> ApplyAsync(string runId, string breakId, BreakPatch? patch, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("runId", malformedRun);
        }

        if (!RunIds.IsIdShaped(breakId, InputLimits.MaxResultIdLength))
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("breakId", $"'{(breakId.Length <= 80 ? breakId : breakId[..77] + "...")}' is not a break id: 1-{InputLimits.MaxResultIdLength} letters, digits, '.', '_' or '-'");
        }

        if (patch?.UnknownKeys is { Count: > 0 } unknown)
        {
            var key = unknown.Keys.Order(StringComparer.Ordinal).First();
            return ReadOutcome<ReconBreakDocument>.Invalid(key, Workloads.UnknownKeys.Problem(key, BreakPatch.Keys));
        }

        if (patch is null || !BreakStatusNames.TryParseAnySpelling(patch.Status, out var target))
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("status", $"must be one of {string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()))}");
        }

        if (patch.Actor is not null)
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("actor",
                "who acts is taken from your credential and cannot be sent; put any remark in 'comment'");
        }

        if (patch.Assignee is { Length: > MaxAssigneeLength })
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("assignee", $"at most {MaxAssigneeLength} characters");
        }

        if (patch.Comment is { Length: > MaxCommentLength })
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("comment", $"at most {MaxCommentLength} characters");
        }

        foreach (var (field, text) in new[] { ("assignee", patch.Assignee), ("comment", patch.Comment) })
        {
            if (text is not null && HiddenCharacter(text, allowLineBreaks: field == "comment") is { } hidden)
            {
                return ReadOutcome<ReconBreakDocument>.Invalid(field, hidden);
            }
        }

        var required = AccessPolicy.ForBreakMove(target);
        if (!caller.Has(required))
        {
            return ReadOutcome<ReconBreakDocument>.Forbidden(AccessPolicy.Refusal(caller, required, $"move a break to {target.Name()}"));
        }

        using var span = Telemetry.PipelineTelemetry.Source.StartActivity("break move");
        span?.SetTag(Telemetry.PipelineTelemetry.RunIdTag, runId);
        span?.SetTag("tributary.break.id", breakId);
        span?.SetTag("tributary.break.to", target.Name());
        var stored = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return ReadOutcome<ReconBreakDocument>.Missing($"break {breakId} of run {runId}");
        }

        var current = stored.Document;
        BreakStatusNames.TryParse(current.Status, out var status);
        var comment = string.IsNullOrWhiteSpace(patch.Comment) ? null : patch.Comment.Trim();
        var moved = BreakWorkflow.Transition(new BreakState(current.Id, status, current.History), target, caller.Name, time.GetUtcNow(), caller.Id, comment);
        if (!moved.Accepted)
        {
            return ReadOutcome<ReconBreakDocument>.Conflict(moved.Rejection!);
        }

        var assignee = patch.Assignee is null ? current.Assignee : patch.Assignee.Trim() is { Length: > 0 } named ? named : null;
        var updated = current with { Status = moved.State.Status.Name(), History = moved.State.History, Assignee = assignee };
        try
        {
            await documents.ReplaceAsync(ResultContainers.ReconBreaks, runId, breakId, updated, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return ReadOutcome<ReconBreakDocument>.Conflict($"break {breakId} was changed by someone else; read it again and retry");
        }

        Telemetry.PipelineTelemetry.BreakMoves.Add(1, new KeyValuePair<string, object?>("status", target.Name()));
        return ReadOutcome<ReconBreakDocument>.Found(updated);
    }

    // Text people read in an audit trail: a NUL, another control character or a bidi override (which reorders what is shown,
    // so a comment could read other than it is) is refused; a comment may have line breaks and tabs.
    private static string? HiddenCharacter(string text, bool allowLineBreaks)
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
