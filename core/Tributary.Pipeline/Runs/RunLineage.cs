using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The last completed run of each (kind, source folder), kept as one small blob `run-lineage/{kind}/{container}/{prefix}latest.json`.
/// A new run of the same folder (a drop uploaded again with other bytes, an HTTP start on the same source, a timer's
/// recompute) follows that run, so its results carry the earlier run's work forward. A blob, not Cosmos: Cosmos holds
/// results only, and the record must survive the purge of neither run nor need a container in the Bicep.
/// </summary>
public sealed class RunLineage(IBlobStore blobs)
{
    /// <summary>The container of the lineage records.</summary>
    public const string Container = "run-lineage";

    /// <summary>The record's blob for a kind and source.</summary>
    public static BlobRef RecordOf(string kind, BlobFolder source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new BlobRef(Container, $"{kind}/{source.Container}/{source.Prefix}latest.json");
    }

    /// <summary>The last completed run of the kind on this source, or null.</summary>
    public async Task<string?> LatestCompletedAsync(string kind, BlobFolder source, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(RecordOf(kind, source), cancellationToken).ConfigureAwait(false);
            return (await JsonSerializer.DeserializeAsync<LineageRecord>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false))?.RunId;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Records that the run completed on this source (idempotent: a replayed finalize writes the same record).</summary>
    public async Task RecordCompletedAsync(string kind, BlobFolder source, string runId, CancellationToken cancellationToken)
    {
        await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(new LineageRecord(runId), DurableJson.Options);
        await blobs.WriteAsync(RecordOf(kind, source), new MemoryStream(Encoding.UTF8.GetBytes(json)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request with its previous run filled in from the lineage when it has a source and names none (never itself).</summary>
    public async Task<RunRequest> FollowAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PreviousRunId is not null || request.Source is not { } source)
        {
            return request;
        }

        var previous = await LatestCompletedAsync(kind, source, cancellationToken).ConfigureAwait(false);
        return previous is null || previous == runId ? request : request with { PreviousRunId = previous };
    }

    /// <summary>
    /// The run a re-run of <paramref name="runId"/> follows: the newest run of its lineage, which is the last completed run of
    /// its source while that run still exists (a re-run of `R` after `R.rerun-1` moved breaks continues from `R.rerun-1`),
    /// else the run itself. A run without a source has no lineage beyond itself.
    /// </summary>
    /// <param name="exists">Whether a run id still names a run (a purged run's record must not be followed).</param>
    public async Task<string> NewestForRerunAsync(string kind, string runId, RunRequest input, Func<string, CancellationToken, Task<bool>> exists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(exists);
        if (input.Source is not { } source)
        {
            return runId;
        }

        var newest = await LatestCompletedAsync(kind, source, cancellationToken).ConfigureAwait(false);
        return newest is not null && newest != runId && await exists(newest, cancellationToken).ConfigureAwait(false) ? newest : runId;
    }

    private sealed record LineageRecord(string RunId);
}
