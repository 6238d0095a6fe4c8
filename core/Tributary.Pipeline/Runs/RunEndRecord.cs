using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// Records how a run ended in its run-index entries, from the activity that ends it (finalize, failed) or a terminate, so
/// status filters need not read it. Best effort: a failure here does not change how the run ended, and a listing that
/// reads the run later brings the entry up to date.
/// </summary>
public static class RunEndRecord
{
    /// <summary>Writes <paramref name="final"/> into the run's entries; logs, never throws, when the store fails.</summary>
    public static async Task WriteAsync(IBlobStore blobs, string kind, string runId, RuntimeStatus final, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            await new RunIndex(blobs).RecordFinalAsync(kind, runId, final, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Recording that run {RunId} ended {Status} in the run index failed; a listing will catch up", runId, final);
        }
    }
}
