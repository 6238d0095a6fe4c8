using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// Finds drops that are ready (their trigger blob exists and is not marked processed) and turns one into a run request.
/// A drop's run id is a hash of (container, path, ETag): the same upload always maps to the same run, across restarts,
/// while uploading the trigger again (new ETag) starts a new run. Shared by both hosts: the self-hosted watcher scans with it,
/// the Functions app's Event Grid blob triggers use the same trigger rule, run id and request.
/// </summary>
public static class DropScanner
{
    /// <summary>Metadata key set on a trigger once its run was started; its value is the run id.</summary>
    public const string ProcessedKey = "tributaryrun";

    /// <summary>Triggers of the container that have no run yet.</summary>
    public static async Task<IReadOnlyList<BlobItemInfo>> PendingTriggersAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken) =>
        (await TriggersAsync(blobs, drop, cancellationToken).ConfigureAwait(false)).Where(t => !t.Metadata.ContainsKey(ProcessedKey)).ToList();

    /// <summary>The most recently modified trigger that already has a run, or null.</summary>
    public static async Task<BlobItemInfo?> LatestProcessedAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken) =>
        (await TriggersAsync(blobs, drop, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Metadata.ContainsKey(ProcessedKey))
            .OrderByDescending(t => t.LastModified)
            .FirstOrDefault();

    /// <summary>The run id of a drop: `drop-{kind}-{first 20 hex digits of SHA-256(container|path|etag)}`.</summary>
    public static string RunId(string kind, BlobItemInfo trigger) => RunId(kind, trigger.Blob, trigger.ETag);

    /// <summary>The run id of the drop whose trigger was written with the given ETag.</summary>
    public static string RunId(string kind, BlobRef trigger, string etag)
    {
        // Quotes are dropped: listings and upload responses of the SDK do not agree on them.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{trigger.Container}|{trigger.Path}|{etag.Trim('"')}"));
        return $"drop-{kind}-{Convert.ToHexStringLower(hash)[..20]}";
    }

    /// <summary>
    /// The request of a drop: the trigger's folder as source (folder drops), every blob of the drop (to quarantine them
    /// together), and the parameters left to the plan step, which reads the trigger and reports a malformed one.
    /// </summary>
    public static async Task<RunRequest> RequestForAsync(IBlobStore blobs, DropConvention drop, BlobItemInfo trigger, CancellationToken cancellationToken)
    {
        if (drop.FolderTrigger is null)
        {
            return new RunRequest(null, null, new DropRef(trigger.Blob, trigger.ETag, [trigger.Blob]));
        }

        var folder = FolderOf(trigger.Blob.Path);
        var files = new List<BlobRef>();
        await foreach (var item in blobs.ListAsync(drop.Container, folder, cancellationToken).ConfigureAwait(false))
        {
            files.Add(item.Blob);
        }

        return new RunRequest(new BlobFolder(drop.Container, folder), null, new DropRef(trigger.Blob, trigger.ETag, files));
    }

    /// <summary>The request a timer uses to recompute a processed drop: the same input, parameters read from its trigger now.</summary>
    public static async Task<RunRequest> RecomputeRequestAsync(IBlobStore blobs, DropConvention drop, BlobItemInfo trigger, CancellationToken cancellationToken)
    {
        var request = await RequestForAsync(blobs, drop, trigger, cancellationToken).ConfigureAwait(false);
        await using var content = await blobs.OpenReadAsync(trigger.Blob, cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return request with { Parameters = json.RootElement.Clone(), Drop = null };
    }

    private static async Task<List<BlobItemInfo>> TriggersAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken)
    {
        var triggers = new List<BlobItemInfo>();
        await foreach (var item in blobs.ListAsync(drop.Container, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (IsTrigger(drop, item.Blob.Path))
            {
                triggers.Add(item);
            }
        }

        return triggers;
    }

    /// <summary>True when the blob at that path (in the drop's container) is a drop's trigger: the folder's trigger file, or a root-level .json request.</summary>
    public static bool IsTrigger(DropConvention drop, string path) =>
        drop.FolderTrigger is { } name
            ? path.EndsWith("/" + name, StringComparison.Ordinal)
            : !path.Contains('/', StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string FolderOf(string path) => path[..(path.LastIndexOf('/') + 1)];
}
