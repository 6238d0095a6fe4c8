using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Carries the decisions people made on a previous run's suggestions into a new run on the same input. A suggestion id is
/// the grouping's fingerprint (profile, kind, break ids; no run in it), so the same grouping has the same id in both runs:
/// an accepted one is stored in the new run as accepted with its decision (its breaks were carried closed by
/// <see cref="BreakCarryOver"/>), a rejected one as rejected (the new run's buckets did not suggest it again, and the next
/// re-run reads its rejections from here). Idempotent: the documents are derived from the previous run's alone.
/// </summary>
public static class SuggestionCarryOver
{
    /// <summary>Copies the decided suggestions of <paramref name="previousRunId"/> into <paramref name="runId"/>; returns how many.</summary>
    public static async Task<int> ApplyAsync(IDocumentStore documents, string runId, string previousRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var carried = 0;
        foreach (var status in new[] { ReconSuggestionDocument.Accepted, ReconSuggestionDocument.Rejected })
        {
            var equals = new Dictionary<string, string> { ["status"] = status };
            string? token = null;
            do
            {
                var page = await documents.QueryAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, previousRunId, equals, 500, token, cancellationToken)
                    .ConfigureAwait(false);
                await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (decided, cancel) =>
                {
                    await documents.UpsertAsync(ResultContainers.ReconSuggestions, runId, decided.Id, decided with { RunId = runId }, cancel).ConfigureAwait(false);
                }).ConfigureAwait(false);
                carried += page.Items.Count;
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return carried;
    }
}
