using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Keeps the work people did on a run's breaks when the run's documents are deleted (a purge, the retention timer): every
/// break with a status change or assignee by a person, with its whole history, goes to one blob
/// `recon-archive/{runId}/breaks.json` first. Break work is an audit trail (who closed what, when, why), so nothing deletes it
/// silently; the archive itself is never purged.
/// </summary>
public static class BreakArchive
{
    /// <summary>The container of the archived break histories.</summary>
    public const string Container = "recon-archive";

    /// <summary>The archive blob of a run.</summary>
    public static BlobRef BlobOf(string runId) => new(Container, $"{runId}/breaks.json");

    /// <summary>True when a person worked the break: a history entry not made by the pipeline, or an assignee.</summary>
    public static bool WasWorked(ReconBreakDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Assignee is not null || document.History.Any(h => h.Actor != BreakWorkflow.PipelineActor);
    }

    /// <summary>Writes the run's worked breaks to the archive; returns how many (none written when none were worked).</summary>
    public static async Task<int> ArchiveAsync(IDocumentStore documents, IBlobStore blobs, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(blobs);
        var worked = (await documents.QueryEveryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, new Dictionary<string, string>(), cancellationToken)
            .ConfigureAwait(false)).Where(WasWorked).ToList();

        // A second purge finds nothing left and must not replace the archive with an empty one.
        if (worked.Count == 0)
        {
            return 0;
        }

        await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(worked.OrderBy(b => b.Id, StringComparer.Ordinal).ToList(), DurableJson.Options);
        await blobs.WriteAsync(BlobOf(runId), new MemoryStream(json), cancellationToken).ConfigureAwait(false);
        return worked.Count;
    }
}
