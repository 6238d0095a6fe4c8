using System.Text;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>Moves a rejected drop to the quarantine container with a readable error report beside it.</summary>
public static class Quarantine
{
    /// <summary>The quarantine container unless <see cref="PipelineOptions.QuarantineContainer"/> names another.</summary>
    public const string DefaultContainer = "quarantine";

    /// <summary>Suffix of the report written next to the quarantined trigger blob.</summary>
    public const string ReportSuffix = ".error.txt";

    /// <summary>
    /// The report of one failed run of a drop: `quarantine/{source container}/{trigger path}.{run id}.error.txt`. The run id is
    /// in the name so several failed drops of one folder (or one request file) each keep their report.
    /// </summary>
    public static BlobRef ReportFor(string quarantineContainer, BlobRef trigger, string runId)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return new BlobRef(quarantineContainer, $"{trigger.Container}/{trigger.Path}.{runId}{ReportSuffix}");
    }

    /// <summary>
    /// Copies every blob of the drop to `quarantine/{source container}/{path}`, writes the report beside the trigger (<see cref="ReportFor"/>)
    /// and deletes the originals; returns the report's blob. Idempotent: a retry after a partial move copies what is left and rewrites the report.
    /// </summary>
    public static async Task<BlobRef> MoveAsync(IBlobStore blobs, string quarantineContainer, string runId, DropRef drop, string problem, CancellationToken cancellationToken)
    {
        await blobs.EnsureContainerAsync(quarantineContainer, cancellationToken).ConfigureAwait(false);
        var report = ReportFor(quarantineContainer, drop.Trigger, runId);
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
