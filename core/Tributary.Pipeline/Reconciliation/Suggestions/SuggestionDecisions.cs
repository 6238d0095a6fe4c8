using Tributary.Pipeline.Access;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Accepts or rejects a stored suggestion as the authenticated caller (an approver). Accepting closes each of its breaks as
/// matched by it through the break moves' own path (<see cref="BreakStatusChange.CloseAsMatchedAsync"/>: ETag-guarded, in the
/// break's history with the caller), then marks the suggestion accepted; a break that another move closed or changed
/// meanwhile makes it a 409 naming the break, and a retry finishes what a lost race left. Rejecting is remembered with the
/// caller and the comment, and a re-run of the same input does not suggest the grouping again.
/// </summary>
public sealed class SuggestionDecisions(IDocumentStore documents, TimeProvider time)
{
    /// <summary>Accepts the suggestion: its breaks closed as matched by it, the suggestion marked accepted.</summary>
    public async Task<RequestOutcome<SuggestionDecisionResult>> AcceptAsync(string runId, string suggestionId, SuggestionDecisionBody? body, Caller caller,
        CancellationToken cancellationToken)
    {
        var (stored, problem) = await PrepareAsync(runId, suggestionId, body, caller, "accept suggestions", commentRequired: false, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var suggestion = stored!.Document;
        var moves = new BreakStatusChange(documents, time);
        var closed = new List<ReconBreakDocument>(suggestion.BreakIds.Count);

        // Every break is checked before any is closed, so a suggestion whose breaks moved on is refused whole.
        foreach (var breakId in suggestion.BreakIds)
        {
            var current = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return RequestOutcome<SuggestionDecisionResult>.Conflict($"break {breakId} of suggestion {suggestionId} is no longer in run {runId}");
            }

            if (current.Document.Status == BreakStatus.Closed.Name() && current.Document.MatchedBySuggestion != suggestionId)
            {
                var by = current.Document.History.Count > 0 ? $" by {current.Document.History[^1].Actor}" : "";
                return RequestOutcome<SuggestionDecisionResult>.Conflict(
                    $"break {breakId} of suggestion {suggestionId} was closed{by} meanwhile; the suggestion can no longer be accepted");
            }
        }

        foreach (var breakId in suggestion.BreakIds)
        {
            var move = await moves.CloseAsMatchedAsync(runId, breakId, suggestionId, body?.Comment, caller, cancellationToken).ConfigureAwait(false);
            if (move.Outcome != BreakMoveOutcome.Moved)
            {
                return RequestOutcome<SuggestionDecisionResult>.Conflict(
                    $"break {breakId} of suggestion {suggestionId} changed meanwhile ({move.Detail}); {closed.Count} of its {suggestion.BreakIds.Count} breaks were closed, accept again to finish");
            }

            closed.Add(move.Break!);
        }

        return await DecideAsync(stored, ReconSuggestionDocument.Accepted, body?.Comment, caller, closed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rejects the suggestion with the caller's comment; its breaks stay as they are.</summary>
    public async Task<RequestOutcome<SuggestionDecisionResult>> RejectAsync(string runId, string suggestionId, SuggestionDecisionBody? body, Caller caller,
        CancellationToken cancellationToken)
    {
        var (stored, problem) = await PrepareAsync(runId, suggestionId, body, caller, "reject suggestions", commentRequired: true, cancellationToken).ConfigureAwait(false);
        return problem ?? await DecideAsync(stored!, ReconSuggestionDocument.Rejected, body!.Comment, caller, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is wrong with a suggestion id (16 lower-case hex digits), or null.</summary>
    public static string? SuggestionIdProblem(string suggestionId) =>
        suggestionId.Length == 16 && suggestionId.All(char.IsAsciiHexDigitLower)
            ? null
            : $"'{(suggestionId.Length <= 40 ? suggestionId : suggestionId[..37] + "...")}' is not a suggestion id (16 lower-case hex digits)";

    private async Task<(StoredDocument<ReconSuggestionDocument>? Stored, RequestOutcome<SuggestionDecisionResult>? Problem)> PrepareAsync(
        string runId, string suggestionId, SuggestionDecisionBody? body, Caller caller, string what, bool commentRequired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Invalid("runId", malformedRun));
        }

        if (SuggestionIdProblem(suggestionId) is { } malformedId)
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Invalid("suggestionId", malformedId));
        }

        if (body?.UnknownKeys is { Count: > 0 } unknown)
        {
            var key = unknown.Keys.Order(StringComparer.Ordinal).First();
            return (null, RequestOutcome<SuggestionDecisionResult>.Invalid(key, UnknownKeys.Problem(key, SuggestionDecisionBody.Keys)));
        }

        if (BreakStatusChange.CommentProblem(body?.Comment) is { } badComment)
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Invalid("comment", badComment));
        }

        if (commentRequired && string.IsNullOrWhiteSpace(body?.Comment))
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Invalid("comment", "say why the suggestion is wrong: a rejection is remembered with its reason"));
        }

        if (!caller.Has(Role.Approver))
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Forbidden(AccessPolicy.Refusal(caller, Role.Approver, what)));
        }

        var stored = await documents.ReadAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, runId, suggestionId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, RequestOutcome<SuggestionDecisionResult>.Missing($"suggestion {suggestionId} of run {runId}"));
        }

        if (stored.Document.Status != ReconSuggestionDocument.Proposed)
        {
            var decision = stored.Document.Decision;
            return (null, RequestOutcome<SuggestionDecisionResult>.Conflict(
                $"suggestion {suggestionId} was already {stored.Document.Status}" + (decision is null ? "" : $" by {decision.Actor} at {decision.At:O}")));
        }

        return (stored, null);
    }

    private async Task<RequestOutcome<SuggestionDecisionResult>> DecideAsync(StoredDocument<ReconSuggestionDocument> stored, string status, string? comment, Caller caller,
        IReadOnlyList<ReconBreakDocument> closed, CancellationToken cancellationToken)
    {
        var current = stored.Document;
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var decided = current with { Status = status, Decision = new SuggestionDecision(caller.Name, caller.Id, time.GetUtcNow(), note, current.RunId) };
        try
        {
            await documents.ReplaceAsync(ResultContainers.ReconSuggestions, current.RunId, current.Id, decided, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return RequestOutcome<SuggestionDecisionResult>.Conflict($"suggestion {current.Id} was decided by someone else meanwhile; read it again");
        }

        return RequestOutcome<SuggestionDecisionResult>.Found(new SuggestionDecisionResult(decided, closed));
    }
}
