using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// What `GET /api/drops` shows, for both hosts: per drop container, the folders that are incomplete (data but no trigger
/// yet, or a trigger without every required file), each naming what is missing and whether a run was started for it.
/// One listing of the container per call; no file is read.
/// </summary>
public static class DropListing
{
    /// <summary>Every workload's drop container with its incomplete folders.</summary>
    public static async Task<IReadOnlyList<DropContainerView>> ListAsync(IEnumerable<IWorkload> workloads, IBlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(blobs);
        var containers = new List<DropContainerView>();
        foreach (var workload in workloads.Where(w => w.Drop is not null).OrderBy(w => w.Kind, StringComparer.Ordinal))
        {
            containers.Add(new DropContainerView(workload.Kind, workload.Drop!.Container, await PendingAsync(blobs, workload.Drop, cancellationToken).ConfigureAwait(false)));
        }

        return containers;
    }

    /// <summary>
    /// The blobs of one drop container that wait: incomplete folders, and every blob that can never start a run (a stray,
    /// quarantined at the next scan, or a name that cannot be addressed), each with the reason. Request-file drops are
    /// complete by themselves, so only their strays show.
    /// </summary>
    public static async Task<IReadOnlyList<PendingDrop>> PendingAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(drop);

        // Files by the folder they lie in directly: a drop is one folder, whatever is nested below it.
        var folders = new SortedDictionary<string, Dictionary<string, BlobItemInfo>>(StringComparer.Ordinal);
        var waiting = new List<PendingDrop>();
        // A container nobody wrote to yet lists empty (the adapters' contract), so a fresh host shows no pending drops.
        await foreach (var item in blobs.ListAsync(drop.Container, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            var slash = item.Blob.Path.LastIndexOf('/');
            if (!DropNames.IsAddressable(item.Blob.Path) || DropScanner.IsStray(drop, item.Blob.Path))
            {
                var reason = DropNames.IsAddressable(item.Blob.Path)
                    ? $"{DropNames.StrayReason(drop)}; it goes to quarantine with a report at the next scan"
                    : DropNames.UnreachableReason(drop.Container);
                waiting.Add(new PendingDrop(item.Blob.Path[..(slash + 1)], [item.Blob.Path[(slash + 1)..]], [], null, reason));
                continue;
            }

            if (drop.FolderTrigger is null)
            {
                continue;
            }

            var folder = item.Blob.Path[..(slash + 1)];
            if (!folders.TryGetValue(folder, out var files))
            {
                folders[folder] = files = new Dictionary<string, BlobItemInfo>(StringComparer.Ordinal);
            }

            files[item.Blob.Path[(slash + 1)..]] = item;
        }

        var pending = new List<PendingDrop>();
        foreach (var (folder, files) in folders)
        {
            var triggerName = drop.FolderTrigger!;
            var missing = drop.Required.Where(name => !files.ContainsKey(name)).ToList();
            files.TryGetValue(triggerName, out var trigger);
            if (trigger is null)
            {
                missing.Add(triggerName);
            }

            if (missing.Count == 0)
            {
                continue;
            }

            string? runId = null;
            trigger?.Metadata.TryGetValue(DropScanner.ProcessedKey, out runId);
            var reason = trigger is null
                ? $"no {triggerName} yet: upload it last to start the run"
                : runId is null
                    ? $"{triggerName} is there but {string.Join(", ", missing)} is missing; the run will wait for it a bounded time"
                    : $"run {runId} started without {string.Join(", ", missing)}; it waits a bounded time, then fails with a report";
            pending.Add(new PendingDrop(folder, files.Keys.Order(StringComparer.Ordinal).ToList(), missing, runId, reason));
        }

        return [.. pending, .. waiting];
    }
}

/// <summary>One drop container and its incomplete folders.</summary>
public sealed record DropContainerView(string Kind, string Container, IReadOnlyList<PendingDrop> Pending);

/// <summary>An incomplete folder drop: what it holds, what it lacks, and the run started for it, if any.</summary>
public sealed record PendingDrop(string Folder, IReadOnlyList<string> Files, IReadOnlyList<string> Missing, string? RunId, string Reason);

/// <summary>The body of `GET /api/drops` in both hosts.</summary>
public sealed record DropsView(IReadOnlyList<DropContainerView> Containers);
