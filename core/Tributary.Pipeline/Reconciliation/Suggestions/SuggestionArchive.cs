using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Keeps the decisions people made on a run's suggestions when the run's documents are deleted: every accepted or rejected
/// suggestion, with who decided, when and why, goes to `recon-archive/{runId}/suggestions.json` first, beside the archived
/// break work (<see cref="BreakArchive"/>). Proposed suggestions are the engine's and are not kept.
/// </summary>
public static class SuggestionArchive
{
    /// <summary>The archive blob of a run's decided suggestions.</summary>
    public static BlobRef BlobOf(string runId) => new(BreakArchive.Container, $"{runId}/suggestions.json");

    /// <summary>Writes the run's decided suggestions to the archive; returns how many (none written when none were decided).</summary>
    public static async Task<int> ArchiveAsync(IDocumentStore documents, IBlobStore blobs, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(blobs);
        var decided = (await documents.QueryEveryAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, runId, new Dictionary<string, string>(), cancellationToken)
            .ConfigureAwait(false)).Where(s => s.Decision is not null).ToList();

        // A second purge finds nothing left and must not replace the archive with an empty one.
        if (decided.Count == 0)
        {
            return 0;
        }

        await blobs.EnsureContainerAsync(BreakArchive.Container, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(decided.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(), DurableJson.Options);
        await blobs.WriteAsync(BlobOf(runId), new MemoryStream(json), cancellationToken).ConfigureAwait(false);
        return decided.Count;
    }
}
