using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// Finds drops that are ready (their trigger blob exists and is not marked processed) and turns one into a run request.
/// A drop's run id is a hash of its content (every file's path and SHA-256), so the same bytes always map to the same run,
/// across restarts, hosts and re-uploads, while changed bytes start a new run. Shared by both hosts: the self-hosted watcher
/// scans with it, the Functions app's Event Grid blob triggers go through <see cref="DropIntake"/>, which uses it.
/// </summary>
public static class DropScanner
{
    /// <summary>Metadata key set on a trigger once its run was started; its value is the run id.</summary>
    public const string ProcessedKey = "tributaryrun";

    /// <summary>Files of one drop downloaded and hashed at once when its run id is computed.</summary>
    private const int FilesHashedAtOnce = 4;

    /// <summary>Triggers of the container that have no run yet.</summary>
    public static async Task<IReadOnlyList<BlobItemInfo>> PendingTriggersAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken) =>
        (await TriggersAsync(blobs, drop, cancellationToken).ConfigureAwait(false)).Where(t => !t.Metadata.ContainsKey(ProcessedKey)).ToList();

    /// <summary>The most recently modified trigger that already has a run, or null.</summary>
    public static async Task<BlobItemInfo?> LatestProcessedAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken) =>
        (await TriggersAsync(blobs, drop, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Metadata.ContainsKey(ProcessedKey))
            .OrderByDescending(t => t.LastModified)
            .FirstOrDefault();

    /// <summary>
    /// The run id of a drop: `drop-{kind}-{first 20 hex digits of SHA-256 over each file's "container/path" and content SHA-256,
    /// sorted by path}`. Contents are hashed as streams, never buffered whole. A file deleted while it is hashed is left out
    /// (the plan step reports it missing); the id covers the files present when the drop was seen.
    /// </summary>
    public static async Task<string> ContentRunIdAsync(IBlobStore blobs, string kind, IEnumerable<BlobRef> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(files);
        var distinct = files.DistinctBy(f => f.ToString()).ToList();
        var hashes = new byte[]?[distinct.Count];
        // A few files at once: a user waits for this before the run exists (an hpi drop's three files, 127 MB at 120 CBSAs,
        // took 0.5–0.7 s one after another), and one file's download overlaps another's hashing. The id does not depend on
        // the order the hashes finish in (RunIdOfHashes sorts by path).
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FilesHashedAtOnce, CancellationToken = cancellationToken },
            async (index, cancel) =>
            {
                try
                {
                    await using var stream = await blobs.OpenReadAsync(distinct[index], cancel).ConfigureAwait(false);
                    hashes[index] = await SHA256.HashDataAsync(stream, cancel).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    // Deleted between the listing and the read: not part of the drop any more.
                }
            }).ConfigureAwait(false);

        return RunIdOfHashes(kind, distinct.Zip(hashes).Where(f => f.Second is not null).Select(f => (f.First, f.Second!)));
    }

    /// <summary>The run id of a drop from its files' SHA-256 hashes (what <see cref="ContentRunIdAsync"/> computes after reading them).</summary>
    public static string RunIdOfHashes(string kind, IEnumerable<(BlobRef Blob, byte[] Sha256)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var outer = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        outer.AppendData(Encoding.UTF8.GetBytes($"{kind}\n"));
        foreach (var (blob, hash) in files.OrderBy(f => f.Blob.ToString(), StringComparer.Ordinal))
        {
            // Path and hash, newline-separated: neither contains a newline, so no two file sets give the same text.
            outer.AppendData(Encoding.UTF8.GetBytes($"{blob}\n{Convert.ToHexStringLower(hash)}\n"));
        }

        return $"drop-{kind}-{Convert.ToHexStringLower(outer.GetHashAndReset())[..20]}";
    }

    /// <summary>The run id of the drop whose trigger this is: its files listed now, hashed by <see cref="ContentRunIdAsync"/>.</summary>
    public static async Task<string> RunIdAsync(IBlobStore blobs, string kind, DropConvention drop, BlobRef trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drop);
        ArgumentNullException.ThrowIfNull(trigger);
        var info = await blobs.GetInfoAsync(trigger, cancellationToken).ConfigureAwait(false) ?? throw new FileNotFoundException($"{trigger} does not exist");
        var request = await RequestForAsync(blobs, drop, info, cancellationToken).ConfigureAwait(false);
        return await ContentRunIdAsync(blobs, kind, request.Drop!.Blobs, cancellationToken).ConfigureAwait(false);
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
            if (IsTrigger(drop, item.Blob.Path) && DropNames.IsAddressable(item.Blob.Path))
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

    /// <summary>
    /// True when a blob of the drop's container can never start a run, whatever comes after it: in a request container
    /// anything but a root-level `.json` file (`a/b.json`, `noext`); in a folder container a file at the root, outside any folder.
    /// </summary>
    public static bool IsStray(DropConvention drop, string path)
    {
        ArgumentNullException.ThrowIfNull(drop);
        ArgumentNullException.ThrowIfNull(path);
        return drop.FolderTrigger is null ? !IsTrigger(drop, path) : !path.Contains('/', StringComparison.Ordinal);
    }

    /// <summary>The container's blobs that wait for nothing: strays (<see cref="IsStray"/>) and names that cannot be addressed.</summary>
    public static async Task<IReadOnlyList<BlobItemInfo>> StraysAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(drop);
        var strays = new List<BlobItemInfo>();
        await foreach (var item in blobs.ListAsync(drop.Container, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (IsStray(drop, item.Blob.Path) || !DropNames.IsAddressable(item.Blob.Path))
            {
                strays.Add(item);
            }
        }

        return strays;
    }

    private static string FolderOf(string path) => path[..(path.LastIndexOf('/') + 1)];
}
