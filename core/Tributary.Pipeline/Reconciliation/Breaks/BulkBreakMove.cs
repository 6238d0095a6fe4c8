using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Moves a list of breaks of one run to one status as the authenticated caller, each through the single move's path
/// (<see cref="BreakStatusChange.MoveAsync"/>) and each answered on its own: moved, conflict (changed by someone else
/// meanwhile), not_found, or not_allowed (the workflow refuses the move from its status). The body is validated whole
/// first (ids, status, comment, assignee, the caller's role for the target), so a bad request moves nothing.
/// </summary>
public sealed class BulkBreakMove(IDocumentStore documents, TimeProvider time)
{
    /// <summary>Most break ids one request may move.</summary>
    public const int MaxIds = 500;

    /// <summary>Applies the move to every id, in order, at most 8 at a time; the per-id outcomes in the order of the ids.</summary>
    public async Task<RequestOutcome<BulkMoveResult>> ApplyAsync(string runId, BulkBreakPatch? patch, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return RequestOutcome<BulkMoveResult>.Invalid("runId", malformedRun);
        }

        if (patch?.UnknownKeys is { Count: > 0 } unknown)
        {
            var key = unknown.Keys.Order(StringComparer.Ordinal).First();
            return RequestOutcome<BulkMoveResult>.Invalid(key, Workloads.UnknownKeys.Problem(key, BulkBreakPatch.Keys));
        }

        if (patch?.Ids is not { Count: > 0 } ids)
        {
            return RequestOutcome<BulkMoveResult>.Invalid("ids", $"a list of 1-{MaxIds} break ids is required");
        }

        if (ids.Count > MaxIds)
        {
            return RequestOutcome<BulkMoveResult>.Invalid("ids", $"{ids.Count} ids is more than the {MaxIds} one request may move; send them in several requests");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (BreakStatusChange.BreakIdProblem(ids[i] ?? "") is { } bad)
            {
                return RequestOutcome<BulkMoveResult>.Invalid($"ids[{i}]", bad);
            }
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            var twice = ids.GroupBy(id => id, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
            return RequestOutcome<BulkMoveResult>.Invalid("ids", $"break {twice} is listed more than once");
        }

        var single = new BreakPatch(patch.Status, patch.Assignee, patch.Comment, patch.Actor);
        if (BreakStatusChange.Validate(single, out var target) is { } invalid)
        {
            return RequestOutcome<BulkMoveResult>.Invalid(invalid.Field, invalid.Problem);
        }

        if (BreakStatusChange.RoleRefusal(caller, target) is { } refusal)
        {
            return RequestOutcome<BulkMoveResult>.Forbidden(refusal);
        }

        var moves = new BreakStatusChange(documents, time);
        var results = new BulkMoveItem[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, cancel) =>
        {
            var move = await moves.MoveAsync(runId, ids[i], target, patch.Comment, patch.Assignee, caller, cancel).ConfigureAwait(false);
            results[i] = new BulkMoveItem(ids[i], Name(move.Outcome), move.Outcome == BreakMoveOutcome.Moved ? move.Break!.Status : null, move.Detail);
        }).ConfigureAwait(false);
        return RequestOutcome<BulkMoveResult>.Found(new BulkMoveResult(results.Count(r => r.Outcome == "moved"), results));
    }

    /// <summary>The wire name of an outcome: moved, not_found, not_allowed, conflict.</summary>
    public static string Name(BreakMoveOutcome outcome) => outcome switch
    {
        BreakMoveOutcome.Moved => "moved",
        BreakMoveOutcome.NotFound => "not_found",
        BreakMoveOutcome.NotAllowed => "not_allowed",
        _ => "conflict",
    };
}

/// <summary>The body of a bulk move: the break ids, the one target status, a comment and an assignee for every move.</summary>
public sealed record BulkBreakPatch(IReadOnlyList<string>? Ids, string? Status, string? Comment = null, string? Assignee = null, string? Actor = null)
{
    /// <summary>Keys the body has beyond these: each is refused with the closest known key.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownKeys { get; init; }

    /// <summary>The keys a body may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["ids", "status", "comment", "assignee"];
}

/// <summary>What a bulk move did: how many moved, and each id's outcome in the order sent.</summary>
public sealed record BulkMoveResult(int Moved, IReadOnlyList<BulkMoveItem> Results);

/// <summary>One id's outcome (moved, conflict, not_found, not_allowed), its status when moved, and why not otherwise.</summary>
public sealed record BulkMoveItem(string Id, string Outcome, string? Status, string? Detail);
