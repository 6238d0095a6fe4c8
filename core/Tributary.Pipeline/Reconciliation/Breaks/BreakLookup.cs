using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>One break of a reconciliation run by its id (a point read in the run's partition), for the break view of the console.</summary>
public sealed class BreakLookup(IDocumentStore documents)
{
    /// <summary>The break as stored, or why not: a malformed id (400) or no such break (404).</summary>
    public async Task<RequestOutcome<JsonElement>> ReadAsync(string runId, string breakId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(breakId);
        if (RunIds.Problem(runId) is { } malformedRun)
        {
            return RequestOutcome<JsonElement>.Invalid("runId", malformedRun);
        }

        if (!RunIds.IsIdShaped(breakId, InputLimits.MaxResultIdLength))
        {
            return RequestOutcome<JsonElement>.Invalid("breakId", $"'{(breakId.Length <= 80 ? breakId : breakId[..77] + "...")}' is not a break id: 1-{InputLimits.MaxResultIdLength} letters, digits, '.', '_' or '-'");
        }

        var stored = await documents.ReadAsync<JsonElement>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        return stored is null ? RequestOutcome<JsonElement>.Missing($"break {breakId} of run {runId}") : RequestOutcome<JsonElement>.Found(stored.Document);
    }
}
