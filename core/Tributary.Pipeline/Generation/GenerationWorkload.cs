using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Generation;

/// <summary>
/// Synthetic financial data as a pipeline workload. Plan: validate the request and split it into batches (each reproducible
/// from the spec and its index alone, so no input is staged). Partition: write one batch file to blob storage. Finalize:
/// build the run manifest from the batch summaries, write it beside the batches and store it in `gen-runs`.
/// </summary>
public sealed class GenerationWorkload(PipelineServices services) : IWorkload
{
    public const string KindName = "gen";
    public const string OutputContainer = "gen-output";

    /// <summary>Id of the manifest document in the run's `gen-runs` partition.</summary>
    public const string ManifestDocumentId = "manifest";

    /// <summary>The container whose drops start runs of this workload.</summary>
    public const string DropContainer = "gen-requests";

    // Per workload instance (one per host): the run's batches share their reference tables instead of each building them.
    private readonly ReferenceDataCache _references = new();

    public string Kind => KindName;

    public DropConvention? Drop { get; } = new(DropContainer, null, TriggerName: "GenRequest");

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        var errors = new List<InputError>();
        if (Parameters(request, errors) is not { } parameters)
        {
            return errors;
        }

        if (parameters.Count is < 1 or > GenRunParameters.MaxCount)
        {
            errors.Add(new InputError("request", 0, "parameters.count", $"must be between 1 and {GenRunParameters.MaxCount:N0} per run on this host"));

            // The generator's own, larger cap would otherwise report the same count a second time with another figure.
            parameters = parameters with { Count = GenRunParameters.MaxCount };
        }

        if (parameters.Format is not null && !OutputFormats.TryParse(parameters.Format, out _))
        {
            errors.Add(new InputError("request", 0, "parameters.format", "must be csv, parquet or jsonl"));
        }

        errors.AddRange(parameters.ToSpec().Problems().Select(p => new InputError("request", 0, "parameters", p)));
        return errors;
    }

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var parameters = Parameters(request, [])!;
        var plan = BatchPlan.For(parameters.ToSpec());
        var partitions = plan.Slices.Select(s => new PartitionRef(s.Name)).ToList();
        return Task.FromResult(new WorkloadPlan(partitions, JsonSerializer.SerializeToElement(parameters, DurableJson.Options)));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        var parameters = plan.Context!.Value.Deserialize<GenRunParameters>(DurableJson.Options)!;
        var format = FormatOf(parameters);
        var index = int.Parse(partition.Id.AsSpan("batch-".Length), System.Globalization.CultureInfo.InvariantCulture);
        await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
        var blob = new BlobRef(OutputContainer, $"{runId}/{BatchWriter.FileName(index, format)}");
        var spec = parameters.ToSpec();
        var reference = _references.For(spec);
        var summary = await BatchUpload.WriteAsync(services.Blobs, blob, (output, cancel) => BatchWriter.WriteAsync(spec, index, format, parameters.Features, output, reference, cancel: cancel), cancellationToken)
            .ConfigureAwait(false);
        // Named as in the run folder (`batch-00000.csv`), as `gen run` names it: the manifest beside the batches refers to them so.
        return JsonSerializer.SerializeToElement(summary with { File = BatchWriter.FileName(index, format) }, DurableJson.Options);
    }

    public PartitionWork WorkOf(JsonElement partitionSummary) =>
        new(partitionSummary.Deserialize<BatchSummary>(DurableJson.Options)?.Rows ?? 0);

    public async Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) =>
        await RunResults.DeleteDocumentsAsync(services.Documents, ResultContainers.GenRuns, runId, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false)
        + await RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, OutputContainer).ConfigureAwait(false);

    public async Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken)
    {
        var parameters = plan.Context!.Value.Deserialize<GenRunParameters>(DurableJson.Options)!;
        var batches = summaries.Select(s => s.Deserialize<BatchSummary>(DurableJson.Options)!).ToList();

        // The customers and merchants the batches refer to, as `gen run` writes them: the output is a complete run folder
        // that `gen quality --in` checks (the manifest lists them with their SHA-256).
        var format = FormatOf(parameters);
        var reference = Tributary.Generation.Reference.ReferenceData.For(parameters.ToSpec());
        var referenceFiles = new List<FileSummary>();
        await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
        foreach (var (name, write) in new (string, Func<Stream, Task<FileSummary>>)[]
        {
            ("customers", s => ReferenceDataWriter.WriteCustomersAsync(reference, format, s, cancellationToken)),
            ("merchants", s => ReferenceDataWriter.WriteMerchantsAsync(reference, format, s, cancellationToken)),
        })
        {
            using var buffer = new MemoryStream();
            referenceFiles.Add(await write(buffer).ConfigureAwait(false));
            await services.Blobs.WriteAsync(new BlobRef(OutputContainer, $"{runId}/{name}.{format.Extension()}"), new MemoryStream(buffer.ToArray()), cancellationToken)
                .ConfigureAwait(false);
        }

        var manifest = ManifestBuilder.Build(parameters.ToSpec(), format, parameters.Features, referenceFiles, batches);
        var blob = new BlobRef(OutputContainer, $"{runId}/manifest.json");
        using (var json = new MemoryStream())
        {
            await manifest.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            json.Position = 0;
            await services.Blobs.WriteAsync(blob, json, cancellationToken).ConfigureAwait(false);
        }

        await services.Documents.UpsertAsync(ResultContainers.GenRuns, runId, ManifestDocumentId, new GenRunDocument(ManifestDocumentId, runId, blob, manifest), cancellationToken)
            .ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(
            new GenRunSummary(batches.Sum(b => b.Rows), batches.Count, batches.Sum(b => b.FraudRows), batches.Sum(b => b.AnomalyRows), batches.Sum(b => b.Bytes),
                new BlobRef(OutputContainer, runId + "/"), blob),
            DurableJson.Options);
    }

    private static OutputFormat FormatOf(GenRunParameters parameters) =>
        parameters.Format is { } name && OutputFormats.TryParse(name, out var format) ? format : OutputFormat.Csv;

    private static GenRunParameters? Parameters(RunRequest request, List<InputError> errors) =>
        RunParameterBinder.Bind(request, errors, new GenRunParameters());
}

/// <summary>The `gen-runs` document of a run: its manifest (parameters, every batch's rows, bytes, SHA-256 and label counts).</summary>
public sealed record GenRunDocument(string Id, string RunId, BlobRef ManifestBlob, RunManifest Manifest);

/// <summary>What a generation run produced and where.</summary>
public sealed record GenRunSummary(long Rows, int Batches, long FraudRows, long AnomalyRows, long Bytes, BlobRef Folder, BlobRef Manifest);
