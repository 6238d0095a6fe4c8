using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// The names a drop brings (its folder and trigger path, and the names its manifest gives, such as a dataset), checked when
/// the drop is accepted: a bad one would only fail deep in a run, after retries, where a store refuses it.
/// </summary>
public static class DropNames
{
    /// <summary>Why a drop's blob path is not usable, or null: too long, a '.' or '..' segment, a backslash, control characters, or spaces at a segment's ends.</summary>
    public static string? PathProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > InputLimits.MaxDropPathLength)
        {
            return $"the path is {path.Length} characters; at most {InputLimits.MaxDropPathLength}";
        }

        if (path.Contains('\\', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            return "the path has a backslash or a control character";
        }

        return path.Split('/').Any(s => s is "." or ".." || s != s.Trim())
            ? "the path has a '.' or '..' segment, or a name with spaces at either end"
            : null;
    }

    /// <summary>
    /// False when the path has a `.` or `..` segment: storage clients (the .NET URI rules the Azure SDK builds on) resolve such a
    /// path to another name, so the blob can be listed but neither read, moved nor deleted by its name.
    /// </summary>
    public static bool IsAddressable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return !path.Split('/').Any(s => s is "." or "..");
    }

    /// <summary>Why a blob that cannot be addressed waits forever, and what to do.</summary>
    public static string UnreachableReason(string container) =>
        "its name has a '.' or '..' segment, which storage clients resolve to another name, so it can be neither read nor moved to " +
        $"quarantine: upload the files again under a name without such a segment (e.g. {container}/<name>/…) and delete this blob";

    /// <summary>Why a blob of a drop container can never start a run (see <see cref="DropScanner.IsStray"/>), and what to do.</summary>
    public static string StrayReason(DropConvention drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        return drop.FolderTrigger is { } trigger
            ? $"outside any drop folder: a drop's files go in a folder, e.g. {drop.Container}/<name>/…, with {trigger} uploaded last"
            : $"not a request: a request is one <name>.json file at the root of {drop.Container}";
    }

    /// <summary>Every name problem of the drop: its trigger's path, then what the workload finds in the names the trigger gives.</summary>
    public static async Task<IReadOnlyList<InputError>> ProblemsAsync(IWorkload workload, IBlobStore blobs, RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(request);
        var trigger = request.Drop!.Trigger;
        if (PathProblem(trigger.Path) is { } path)
        {
            return [new InputError(trigger.ToString(), 0, null, path)];
        }

        var parameters = await ReadParametersAsync(blobs, trigger, cancellationToken).ConfigureAwait(false);
        return workload.ValidateNames(request with { Parameters = parameters })
            .Select(e => e with { File = trigger.ToString() })
            .ToList();
    }

    // Best effort: a trigger that is too large or not JSON is left for the plan step, which reports it with its position.
    private static async Task<JsonElement?> ReadParametersAsync(IBlobStore blobs, BlobRef trigger, CancellationToken cancellationToken)
    {
        var info = await blobs.GetInfoAsync(trigger, cancellationToken).ConfigureAwait(false);
        if (info is null || info.Length > InputLimits.MaxTriggerBytes)
        {
            return null;
        }

        try
        {
            await using var content = await blobs.OpenReadAsync(trigger, cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
            return json.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException)
        {
            return null;
        }
    }
}
