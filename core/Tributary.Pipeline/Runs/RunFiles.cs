using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The files a run wrote to its workload's output container (`{kind}-output/{runId}/…`: HPI's national.csv, a
/// reconciliation's summary.json, forecast recommendations.csv, a generation run's batches and manifest), listed and
/// streamed for `GET /api/runs/{id}/files[/{name}]` in both hosts, so the console and `tributary results` need no storage tools.
/// </summary>
public sealed class RunFiles(RunService runs, IBlobStore blobs)
{
    /// <summary>Where each workload writes its output files; a kind not listed writes none.</summary>
    public static readonly IReadOnlyDictionary<string, string> OutputContainers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Hpi.HpiWorkload.KindName] = Hpi.HpiWorkload.OutputContainer,
        [Reconciliation.ReconciliationWorkload.KindName] = Reconciliation.ReconciliationWorkload.OutputContainer,
        [Forecast.ForecastWorkload.KindName] = Forecast.ForecastWorkload.OutputContainer,
        [Generation.GenerationWorkload.KindName] = Generation.GenerationWorkload.OutputContainer,
    };

    /// <summary>Every output file of a run, by name within the run's folder.</summary>
    public async Task<RequestOutcome<RunFileList>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var refusal = Check(runId);
        var run = refusal is null ? await runs.FindAsync(runId, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) : null;
        if (refusal is not null || run is null)
        {
            return refusal is null ? RequestOutcome<RunFileList>.Missing($"run {runId}") : RequestOutcome<RunFileList>.Invalid("id", refusal);
        }

        var files = new List<RunFileEntry>();
        if (FolderOf(run) is { } folder)
        {
            await foreach (var item in blobs.ListAsync(folder.Container, folder.Prefix, cancellationToken).ConfigureAwait(false))
            {
                files.Add(new RunFileEntry(item.Blob.Path[folder.Prefix.Length..], item.Length, item.LastModified));
            }
        }

        return RequestOutcome<RunFileList>.Found(new RunFileList(runId, run.Kind, files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList()));
    }

    /// <summary>One output file of a run, open for reading; the caller disposes the stream.</summary>
    public async Task<RequestOutcome<RunFile>> OpenAsync(string runId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Check(runId) is { } refusal)
        {
            return RequestOutcome<RunFile>.Invalid("id", refusal);
        }

        if (name.Length == 0 || DropNames.PathProblem(name) is not null || name.Split('/').Any(s => s.Length == 0))
        {
            return RequestOutcome<RunFile>.Invalid("name", "a file of the run's listing: no empty, '.' or '..' segments, backslashes or control characters");
        }

        var run = await runs.FindAsync(runId, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return RequestOutcome<RunFile>.Missing($"run {runId}");
        }

        var blob = FolderOf(run)?.File(name);
        var info = blob is null ? null : await blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false);
        if (blob is null || info is null)
        {
            return RequestOutcome<RunFile>.Missing($"file {name} of run {runId}");
        }

        try
        {
            var content = await blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
            return RequestOutcome<RunFile>.Found(new RunFile(name, info.Length, ContentType(name), content));
        }
        catch (FileNotFoundException)
        {
            return RequestOutcome<RunFile>.Missing($"file {name} of run {runId}");
        }
    }

    /// <summary>The media type a file is served with, from its extension.</summary>
    public static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => "text/csv; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".jsonl" => "application/x-ndjson; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static string? Check(string runId) => RunIds.Problem(runId);

    private static Workloads.BlobFolder? FolderOf(RunState run) =>
        OutputContainers.TryGetValue(run.Kind, out var container) ? new Workloads.BlobFolder(container, RunIds.RunIdOf(run.Kind, run.Id) + "/") : null;
}

/// <summary>The output files of a run.</summary>
public sealed record RunFileList(string RunId, string Kind, IReadOnlyList<RunFileEntry> Files);

/// <summary>One output file: its name within the run's folder, size and time.</summary>
public sealed record RunFileEntry(string Name, long Bytes, DateTimeOffset LastModified);

/// <summary>An open output file.</summary>
public sealed record RunFile(string Name, long Bytes, string ContentType, Stream Content);
