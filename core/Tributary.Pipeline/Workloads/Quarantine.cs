using System.Text;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>Moves a rejected drop to the quarantine container with a readable error report beside it.</summary>
public static class Quarantine
{
    /// <summary>Suffix of the report written next to the quarantined trigger blob.</summary>
    public const string ReportSuffix = ".error.txt";

    /// <summary>
    /// Copies every blob of the drop to `quarantine/{source container}/{path}`, writes the report beside the trigger as `{trigger}.error.txt` and deletes the
    /// originals; returns the report's blob. Idempotent: a retry after a partial move copies what is left and rewrites the report.
    /// </summary>
    public static async Task<BlobRef> MoveAsync(IBlobStore blobs, string quarantineContainer, string runId, DropRef drop, string problem, CancellationToken cancellationToken)
    {
        await blobs.EnsureContainerAsync(quarantineContainer, cancellationToken).ConfigureAwait(false);
        var report = new BlobRef(quarantineContainer, $"{drop.Trigger.Container}/{drop.Trigger.Path}{ReportSuffix}");
        var text = new StringBuilder()
            .AppendLine($"Rejected drop: {drop.Trigger}")
            .AppendLine($"Run: {runId}")
            .AppendLine()
            .AppendLine("Problem:")
            .AppendLine(problem)
            .AppendLine()
            .AppendLine("Files moved here:");
        foreach (var blob in drop.Blobs)
        {
            var target = new BlobRef(quarantineContainer, $"{blob.Container}/{blob.Path}");
            if (await blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false) is not null)
            {
                await blobs.CopyAsync(blob, target, cancellationToken).ConfigureAwait(false);
                await blobs.DeleteAsync(blob, cancellationToken).ConfigureAwait(false);
            }

            text.AppendLine($"  {blob} -> {target}");
        }

        text.AppendLine().AppendLine("Fix the problem and upload the files again (the manifest last) to start a new run.");
        await blobs.WriteAsync(report, new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), cancellationToken).ConfigureAwait(false);
        return report;
    }
}
