using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Uploads;

/// <summary>
/// The upload route's logic for both hosts (`PUT /api/drops/{kind}/{*path}`): streams one file into the kind's drop
/// container through the blob store, never holding it in memory, capped at <paramref name="maxBytes"/>. Uploading a drop's
/// trigger (a folder's manifest.json, or a gen request file) accepts the drop at once, as the watcher would, so the answer
/// names the run it started; other files only land in the folder.
/// </summary>
public sealed class DropUpload(RunService runs, IBlobStore blobs, long maxBytes)
{
    /// <summary>The cap when a host configures none: 2 GiB (the Functions platform refuses requests past 100 MB anyway).</summary>
    public const long DefaultMaxBytes = 2L << 30;

    /// <summary>The largest file this upload accepts.</summary>
    public long MaxBytes => maxBytes;

    /// <summary>Why a request announcing this length must be refused with 413 before it is read, or null.</summary>
    public string? LengthProblem(long? contentLength) =>
        contentLength > maxBytes ? $"the file is {contentLength:N0} bytes; uploads may be at most {maxBytes:N0} bytes (use AzCopy or Storage Explorer for larger files)" : null;

    /// <summary>Writes the body to `{drop container}/{path}` and, for a trigger, starts the drop's run.</summary>
    /// <exception cref="DropTooLargeException">The body grew past the cap while it was read; nothing was stored.</exception>
    public async Task<RequestOutcome<DropUploaded>> UploadAsync(string kind, string path, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(body);
        if (!runs.Workloads.TryGetValue(kind, out var workload))
        {
            return RequestOutcome<DropUploaded>.Invalid("kind", $"'{Shorten(kind)}' is not a workload of this host; known: {string.Join(", ", runs.Workloads.Keys.Order())}");
        }

        if (workload.Drop is not { } drop)
        {
            return RequestOutcome<DropUploaded>.Invalid("kind", $"{kind} runs are not started by drops");
        }

        if (PathProblem(drop, path) is { } problem)
        {
            return RequestOutcome<DropUploaded>.Invalid("path", problem);
        }

        var blob = new BlobRef(drop.Container, path);
        await blobs.EnsureContainerAsync(drop.Container, cancellationToken).ConfigureAwait(false);
        await using (var capped = new CappedReadStream(body, maxBytes))
        {
            await blobs.WriteAsync(blob, capped, cancellationToken).ConfigureAwait(false);
        }

        var info = await blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false);
        if (!DropScanner.IsTrigger(drop, path))
        {
            return RequestOutcome<DropUploaded>.Found(new DropUploaded(kind, drop.Container, path, info?.Length ?? 0, null, null));
        }

        var accepted = await DropIntake.AcceptAsync(runs, workload, blobs, blob, cancellationToken).ConfigureAwait(false);
        return RequestOutcome<DropUploaded>.Found(new DropUploaded(kind, drop.Container, path, info?.Length ?? 0, accepted.RunId, accepted.Decision.ToString()));
    }

    /// <summary>
    /// Why a path cannot be uploaded to this drop convention, or null: the drop-name rules (<see cref="DropNames.PathProblem"/>),
    /// no empty segment, and the convention's shape (a file in a folder for folder drops; a root `.json` request for request drops).
    /// </summary>
    public static string? PathProblem(DropConvention drop, string path)
    {
        ArgumentNullException.ThrowIfNull(drop);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return "name the file: {folder}/{file}";
        }

        if (DropNames.PathProblem(path) is { } problem)
        {
            return problem;
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return "the path has an empty segment (a leading, trailing or double '/')";
        }

        if (drop.FolderTrigger is null)
        {
            return segments.Length == 1 && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? null
                : $"a {drop.Container} drop is one request file at the container's root: {{name}}.json";
        }

        return segments.Length >= 2 ? null : $"a {drop.Container} drop is a folder: upload {{folder}}/{{file}}, {drop.FolderTrigger} last";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>What an upload stored, and for a trigger the run it started (Started, AlreadyStarted, Quarantined…).</summary>
public sealed record DropUploaded(string Kind, string Container, string Path, long Bytes, string? RunId, string? Decision);

/// <summary>An upload's body grew past the host's cap while it was streamed (413).</summary>
public sealed class DropTooLargeException(long maxBytes)
    : IOException($"the file is larger than {maxBytes:N0} bytes, the most an upload may be (use AzCopy or Storage Explorer for larger files)")
{
    /// <summary>The cap that was passed.</summary>
    public long MaxBytes { get; } = maxBytes;
}
