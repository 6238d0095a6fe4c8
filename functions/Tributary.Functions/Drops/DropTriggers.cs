using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;

namespace Tributary.Functions.Drops;

/// <summary>
/// Blob triggers on the drop containers, one per workload with a drop, written from core's catalog as the app builds
/// (functions/Tributary.Functions.Bindings; named by <see cref="Pipeline.Workloads.DropConvention.TriggerName"/>). Flex
/// Consumption only runs event-based blob triggers, so each is fed by the Event Grid subscription
/// infra/modules/blob-events.bicep creates (function names must match `blobTriggers` there). Each hands the blob to
/// core's <see cref="DropIntake"/>, exactly as the self-hosted watcher does.
/// </summary>
public sealed partial class DropTriggers(RunServices runs, IBlobStore blobs, ILogger<DropTriggers> logger)
{
    // The BlobClient is bound (not the content) so an event costs no download; core reads only what it needs. Nothing is
    // returned: a value from a function without an output binding would be sent to the host for nothing.
    private async Task AcceptAsync(string kind, BlobClient blob, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var outcome = await DropIntake.AcceptAsync(runs.For(client), runs.Workloads[kind], blobs, new BlobRef(blob.BlobContainerName, blob.Name), cancellationToken);
        logger.LogInformation("Drop {Container}/{Name}: {Decision} {RunId}", blob.BlobContainerName, blob.Name, outcome.Decision, outcome.RunId);
    }
}
