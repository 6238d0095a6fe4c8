using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hpi;

/// <summary>
/// Which source each dataset belongs to, one small blob `hpi-datasets/{dataset}.json`. Series are stored under the dataset
/// (`{dataset}|{cbsa}|{weighting}`), so two sources under one name would overwrite each other's index without a word (two
/// drops `a/folder/` and `b/folder/` both default to `folder`). The first source to plan a dataset claims it; a run of
/// another source under that name fails in its plan as an input error naming the owner, and a drop is quarantined with
/// that report. Runs of the owning source (a new upload, a re-run) replace its series as before. The claim goes when a
/// purge leaves no series of the dataset.
/// </summary>
public sealed class DatasetClaims(IBlobStore blobs)
{
    /// <summary>The container of the claims.</summary>
    public const string Container = "hpi-datasets";

    /// <summary>The claim blob of a dataset (its name escaped: names may hold characters a blob path treats specially).</summary>
    public static BlobRef ClaimOf(string dataset) => new(Container, Uri.EscapeDataString(dataset) + ".json");

    /// <summary>Claims the dataset for the source, or throws when another source owns it.</summary>
    /// <exception cref="InvalidInputException">Another source owns the dataset.</exception>
    public async Task ClaimAsync(string dataset, BlobFolder source, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var owner = await OwnerAsync(dataset, cancellationToken).ConfigureAwait(false);
        var mine = Describe(source);
        if (owner is null)
        {
            await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToUtf8Bytes(new Claim(mine, runId), DurableJson.Options);
            await blobs.WriteAsync(ClaimOf(dataset), new MemoryStream(json), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (owner.Source != mine)
        {
            throw new InvalidInputException(new InputError(mine + "manifest.json", 0, "dataset",
                $"dataset '{dataset}' already belongs to {owner.Source} (first run {owner.RunId}); a run of {mine} under the same name would " +
                $"overwrite its series. Name this drop's dataset in its manifest, e.g. {{\"dataset\": \"{Suggest(source)}\"}}"));
        }
    }

    /// <summary>Drops the claim (a purge left no series of the dataset).</summary>
    public Task ReleaseAsync(string dataset, CancellationToken cancellationToken) => blobs.DeleteAsync(ClaimOf(dataset), cancellationToken);

    /// <summary>The source that owns the dataset (`container/prefix`), or null.</summary>
    public async Task<Claim?> OwnerAsync(string dataset, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(ClaimOf(dataset), cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<Claim>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string Describe(BlobFolder source) => $"{source.Container}/{source.Prefix}";

    // The folder path with '-' for '/', which is a valid and unique dataset name for a drop folder.
    private static string Suggest(BlobFolder source)
    {
        var path = source.Prefix.Trim('/').Replace('/', '-');
        return path.Length is > 0 and <= Runs.InputLimits.MaxDatasetNameLength ? path : "a-unique-name";
    }

    /// <summary>A dataset's owner: its source folder and the run that claimed it.</summary>
    public sealed record Claim(string Source, string RunId);
}
