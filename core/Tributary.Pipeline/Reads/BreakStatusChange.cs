using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reads;

/// <summary>
/// Moves a stored break along the reconciliation engine's workflow, recording who did it, with an ETag-guarded replace so
/// two reviewers cannot both win. Shared by `tributary serve` and the Functions app.
/// </summary>
public sealed class BreakStatusChange(IDocumentStore documents, TimeProvider time)
{
    /// <summary>The longest actor name accepted.</summary>
    public const int MaxActorLength = 100;

    /// <summary>Applies the patch: the updated break, or why not (bad field, unknown break, refused transition, lost race).</summary>
    public async Task<ReadOutcome<ReconBreakDocument>> ApplyAsync(string runId, string breakId, BreakPatch? patch, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("runId", malformedRun);
        }

        if (!RunIds.IsIdShaped(breakId, InputLimits.MaxResultIdLength))
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("breakId", $"'{(breakId.Length <= 80 ? breakId : breakId[..77] + "...")}' is not a break id: 1-{InputLimits.MaxResultIdLength} letters, digits, '.', '_' or '-'");
        }

        if (patch is null || !BreakStatusNames.TryParse(patch.Status, out var target))
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("status", $"must be one of {string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()))}");
        }

        if (string.IsNullOrWhiteSpace(patch.Actor) || patch.Actor.Length > MaxActorLength)
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("actor", $"who makes the change is required (at most {MaxActorLength} characters)");
        }

        if (patch.Assignee is { Length: > MaxActorLength })
        {
            return ReadOutcome<ReconBreakDocument>.Invalid("assignee", $"at most {MaxActorLength} characters");
        }

        var stored = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return ReadOutcome<ReconBreakDocument>.Missing($"break {breakId} of run {runId}");
        }

        var current = stored.Document;
        BreakStatusNames.TryParse(current.Status, out var status);
        var moved = BreakWorkflow.Transition(new BreakState(current.Id, status, current.History), target, patch.Actor, time.GetUtcNow());
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

        return ReadOutcome<ReconBreakDocument>.Found(updated);
    }
}
