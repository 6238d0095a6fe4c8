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

    /// <summary>The incomplete folders of one drop container (none for request-file drops, which are complete by themselves).</summary>
    public static async Task<IReadOnlyList<PendingDrop>> PendingAsync(IBlobStore blobs, DropConvention drop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(drop);
        if (drop.FolderTrigger is not { } triggerName)
        {
            return [];
        }

        // Files by the folder they lie in directly: a drop is one folder, whatever is nested below it.
        var folders = new SortedDictionary<string, Dictionary<string, BlobItemInfo>>(StringComparer.Ordinal);
        // A container nobody wrote to yet lists empty (the adapters' contract), so a fresh host shows no pending drops.
        await foreach (var item in blobs.ListAsync(drop.Container, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            var slash = item.Blob.Path.LastIndexOf('/');
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
            if (folder.Length == 0)
            {
                // Files at the container root belong to no folder drop.
                continue;
            }

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

        return pending;
    }
}

/// <summary>One drop container and its incomplete folders.</summary>
public sealed record DropContainerView(string Kind, string Container, IReadOnlyList<PendingDrop> Pending);

/// <summary>An incomplete folder drop: what it holds, what it lacks, and the run started for it, if any.</summary>
public sealed record PendingDrop(string Folder, IReadOnlyList<string> Files, IReadOnlyList<string> Missing, string? RunId, string Reason);

/// <summary>The body of `GET /api/drops` in both hosts.</summary>
public sealed record DropsView(IReadOnlyList<DropContainerView> Containers);
