using System.Collections.Concurrent;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Carries the break work of a previous run on the same input into a new run. Break ids are the engine's stable ids (profile,
/// type, side, key, field, occurrence; no run in them), so the same break has the same id in both runs: a break found again
/// gets the previous status, assignee and history plus "found again in run X"; a previous break the new run did not find is
/// closed in the previous run with "not found in run X". Idempotent, so a retried finalize gives the same documents: the
/// carried state is derived from the previous run's document, never from the new one, and a closed break stays closed.
/// </summary>
public static class BreakCarryOver
{
    /// <summary>Applies the carry-over from <paramref name="previousRunId"/> into <paramref name="runId"/>; returns what it did.</summary>
    public static async Task<BreakCarryOverResult> ApplyAsync(IDocumentStore documents, string runId, string previousRunId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var previous = await documents.QueryEveryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, previousRunId, new Dictionary<string, string>(), cancellationToken)
            .ConfigureAwait(false);

        var foundAgain = 0;
        var closed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(previous, options, async (before, cancel) =>
        {
            var current = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, before.Id, cancel).ConfigureAwait(false);
            if (current is not null)
            {
                var carried = BreakWorkflow.FoundAgain(StateOf(before), runId, at);
                var document = current.Document with
                {
                    Status = carried.Status.Name(), History = carried.History, Assignee = before.Assignee, MatchedBySuggestion = before.MatchedBySuggestion,
                    Overdue = current.Document.Overdue && carried.Status != BreakStatus.Closed,
                };
                await documents.UpsertAsync(ResultContainers.ReconBreaks, runId, before.Id, document, cancel).ConfigureAwait(false);
                Interlocked.Increment(ref foundAgain);
                return;
            }

            if (await CloseAsync(documents, previousRunId, before.Id, runId, at, cancel).ConfigureAwait(false))
            {
                Interlocked.Increment(ref closed);
            }
        }).ConfigureAwait(false);

        return new BreakCarryOverResult(previousRunId, foundAgain, closed);
    }

    // ETag-guarded like a reviewer's change: a reviewer moving the break at the same moment is re-read, not overwritten.
    private static async Task<bool> CloseAsync(IDocumentStore documents, string previousRunId, string breakId, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, previousRunId, breakId, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Document.Status == BreakStatus.Closed.Name())
            {
                return false;
            }

            var gone = BreakWorkflow.NotFound(StateOf(stored.Document), runId, at);
            try
            {
                await documents.ReplaceAsync(ResultContainers.ReconBreaks, previousRunId, breakId,
                    stored.Document with { Status = gone.Status.Name(), History = gone.History }, stored.ETag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
            }
        }
    }

    private static BreakState StateOf(ReconBreakDocument document)
    {
        BreakStatusNames.TryParse(document.Status, out var status);
        return new BreakState(document.Id, status, document.History);
    }
}

/// <summary>What a carry-over did: the run it followed, breaks found again (their work kept) and breaks closed as no longer found.</summary>
public sealed record BreakCarryOverResult(string PreviousRunId, int FoundAgain, int ClosedAsGone);
