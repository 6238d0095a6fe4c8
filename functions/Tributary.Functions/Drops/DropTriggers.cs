using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Drops;

/// <summary>
/// Blob triggers on the drop containers. Flex Consumption only runs event-based blob triggers, so each is fed by the
/// Event Grid subscription infra/modules/blob-events.bicep creates (function names must match `blobTriggers` there).
/// A drop becomes a run exactly as in the self-hosted watcher: the run id is derived from (container, path, ETag), so a
/// redelivered event or a drop seen by both hosts starts one run.
/// </summary>
public sealed class DropTriggers(IReadOnlyDictionary<string, IWorkload> workloads, IBlobStore blobs, ILogger<DropTriggers> logger)
{
    [Function("HpiDrop")]
    public Task HpiDrop(
        [BlobTrigger("hpi-drop/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync("hpi", name, client, cancellationToken);

    [Function("ReconDrop")]
    public Task ReconDrop(
        [BlobTrigger("recon-drop/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync("recon", name, client, cancellationToken);

    [Function("GenRequest")]
    public Task GenRequest(
        [BlobTrigger("gen-requests/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync("gen", name, client, cancellationToken);

    // The BlobClient is bound (not the content) so an event costs no download; the adapter reads what it needs.
    private async Task StartAsync(string kind, string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var drop = workloads[kind].Drop!;
        // Only the trigger file of a drop starts a run (manifest.json written last, or a root-level request .json).
        if (!DropScanner.IsTrigger(drop, name))
        {
            return;
        }

        var info = await blobs.GetInfoAsync(new BlobRef(drop.Container, name), cancellationToken);
        if (info is null || info.Metadata.ContainsKey(DropScanner.ProcessedKey))
        {
            return;
        }

        var id = DropScanner.RunId(kind, info);
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is null)
        {
            var request = await DropScanner.RequestForAsync(blobs, drop, info, cancellationToken);
            await client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(FunctionNames.For(kind)), DurableJson.Serialize(request), new StartOrchestrationOptions(id), cancellationToken);
            logger.LogInformation("Drop {Container}/{Name} started run {RunId}", drop.Container, name, id);
        }

        await blobs.SetMetadataAsync(info.Blob, new Dictionary<string, string> { [DropScanner.ProcessedKey] = id }, cancellationToken);
    }
}
