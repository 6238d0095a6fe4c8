using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// A run's finalize summary, written once its results are committed and before its staging is removed: a finalize that
/// runs again (its completion was lost with the process) answers from here instead of reading staging that is gone.
/// One small blob per run in <see cref="Container"/>; a purge removes it with the run.
/// </summary>
public static class FinalizedRecord
{
    /// <summary>The container of the records, one blob per run under its kind.</summary>
    public const string Container = "run-finalized";

    /// <summary>Where a run's record lives.</summary>
    public static BlobRef Of(string kind, string runId) => new(Container, $"{kind}/{runId}.json");

    /// <summary>The recorded summary, or null when the run's finalize has not committed yet.</summary>
    public static async Task<JsonElement?> ReadAsync(IBlobStore blobs, string kind, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            await using var stream = await blobs.OpenReadAsync(Of(kind, runId), cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Records the summary; throws when the store fails, so staging stays for the retry.</summary>
    public static async Task WriteAsync(IBlobStore blobs, string kind, string runId, JsonElement summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        await blobs.WriteAsync(Of(kind, runId), new MemoryStream(Encoding.UTF8.GetBytes(summary.GetRawText())), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the run's record (a purge); true when there was one.</summary>
    public static async Task<bool> RemoveAsync(IBlobStore blobs, string kind, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            return await blobs.DeleteAsync(Of(kind, runId), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
