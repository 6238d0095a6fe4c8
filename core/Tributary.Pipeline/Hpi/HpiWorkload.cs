using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Hpi;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Chaining;
using Tributary.Hpi.Input;
using Tributary.Hpi.Output;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hpi;

/// <summary>
/// House price index as a pipeline workload. Plan: when the run names no partition count and the drop's files together fit
/// one partition (<see cref="MaxDirectInputBytes"/>, judged by their blob lengths), one direct partition that reads the drop
/// and computes every CBSA and the nation itself, as `hpi calculate` does, and finalize only records its summary. Otherwise
/// read tracts.csv and the optional tract_years.csv of the source folder, stream transactions.csv through a
/// <see cref="MarketSpool"/> (split by CBSA in temp files, never the whole file in memory), pack the CBSAs into partitions
/// and stage each partition as one binary blob. Partition: compute its CBSAs, store each one's six series and stage the
/// partition's national contributions. Finalize: merge the contributions into the national series.
/// </summary>
public sealed partial class HpiWorkload(PipelineServices services) : IWorkload
{
    /// <summary>The workload's kind.</summary>
    public const string KindName = "hpi";

    /// <summary>Container of staged CBSA partitions and contributions.</summary>
    public const string StagingContainer = "hpi-staging";

    /// <summary>Container of run outputs (CSV files).</summary>
    public const string OutputContainer = "hpi-output";

    /// <summary>Partition key of the national series.</summary>
    public const string National = "national";

    /// <summary>Suffix of a staged partition: one or more CBSAs in <see cref="CbsaPartitionFormat"/>, one after another.</summary>
    public const string PartitionSuffix = ".trhp";

    /// <summary>Start of the id of a partition that packs more than one CBSA (one of a single CBSA is its code).</summary>
    public const string GroupPrefix = "group-";

    /// <summary>Suffix of a partition's list of CBSA blobs, as staged by earlier versions (still read).</summary>
    public const string GroupSuffix = ".group.json";

    /// <summary>Suffix of a partition's staged national contributions.</summary>
    public const string ContributionsSuffix = ".contributions.json";

    // Staged CBSAs uploading at once in the plan: a national market's largest CBSAs are tens of MB each.
    private const int StagingUploadsInFlight = 4;

    /// <summary>Largest accepted input file. The transactions are streamed, so this is about disk, not memory: FHFA's national
    /// file is about 4.5 GB as CSV.</summary>
    public const long MaxFileBytes = 64L << 30;

    /// <summary>The container whose drops start runs of this workload.</summary>
    public const string DropContainer = "hpi-drop";

    public string Kind => KindName;

    public DropConvention? Drop { get; } = new(DropContainer, "manifest.json", ["transactions.csv", "tracts.csv"]);

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        var errors = new List<InputError>();
        if (request.Source is null)
        {
            errors.Add(new InputError("request", 0, "source", "the folder with transactions.csv and tracts.csv is required"));
        }

        if (Parameters(request, errors) is { } parameters)
        {
            try
            {
                parameters.ToMethod().Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                errors.Add(new InputError("request", 0, "parameters." + JsonNamingPolicy.CamelCase.ConvertName(e.ParamName ?? "?"), e.Message.Split(" (Parameter")[0]));
            }

            if (parameters.Partitions is < 1 or > CbsaGroups.MaxPartitions)
            {
                errors.Add(new InputError("request", 0, "parameters.partitions", $"must be between 1 and {CbsaGroups.MaxPartitions}"));
            }

        }

        errors.AddRange(ValidateNames(request));
        return errors;
    }

    /// <summary>The dataset the series are stored under, the manifest's or the drop folder's name, must be a valid <see cref="DatasetNames"/> name.</summary>
    public IReadOnlyList<InputError> ValidateNames(RunRequest request)
    {
        var dataset = Parameters(request, [])?.Dataset ?? (request.Source is { } source ? DatasetName(source, "run") : null);
        return dataset is not null && DatasetNames.Problem(dataset) is { } problem ? [new InputError("request", 0, "parameters.dataset", problem)] : [];
    }

    public async Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var parameters = Parameters(request, []) ?? new HpiRunParameters();
        var source = request.Source!;
        var dataset = parameters.Dataset ?? DatasetName(source, runId);
        // Staging is the price of splitting the work; a market that fits one partition is not split (Direct.cs).
        if (await DirectInputAsync(source, parameters, cancellationToken).ConfigureAwait(false) is { } direct)
        {
            return PlanDirect(new HpiPlanContext(dataset, parameters.ToMethod(), 0, 0, 0, SkipInvalid: parameters.SkipInvalid), direct);
        }

        var rejects = new RejectLog();
        var reading = PipelineTelemetry.StartPhase("plan", KindName, "read tracts");
        var tracts = await ReadAsync(source.File("tracts.csv"), (s, f) => TractReader.Read(s, f, parameters.SkipInvalid, rejects), cancellationToken).ConfigureAwait(false)
            ?? throw Missing(source.File("tracts.csv"));
        var tractYears = await ReadAsync(source.File("tract_years.csv"), (s, f) => TractYearReader.Read(s, f, tracts, parameters.SkipInvalid, rejects), cancellationToken)
            .ConfigureAwait(false) ?? [];
        reading?.Dispose();
        var transactionsBlob = source.File("transactions.csv");
        var spooling = PipelineTelemetry.StartPhase("plan", KindName, "download and spool");
        using var spool = await ReadAsync(transactionsBlob, (s, f, length) => MarketSpool.Create(s, f, tracts, tractYears, parameters.SkipInvalid, rejects, length: length),
            cancellationToken).ConfigureAwait(false) ?? throw Missing(transactionsBlob);
        spooling?.Dispose();
        if (spool.Count == 0)
        {
            throw new InvalidInputException(new InputError(transactionsBlob.ToString(), 0, null, "no CBSA has a repeat sale: nothing to index"));
        }

        // Claimed once the input is known to be good, so a drop that fails on its rows holds no name.
        await new DatasetClaims(services.Blobs).ClaimAsync(dataset, source, runId, cancellationToken).ConfigureAwait(false);

        await services.Blobs.EnsureContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);

        // One staged blob per partition, its CBSAs one after another: a few large writes (and, after the run, deletes)
        // instead of one per CBSA plus a list per group. The next partition is loaded and encoded while the last ones
        // upload (a few in flight bound the buffers held).
        var partitions = new List<PartitionRef>();
        var pairCounts = Enumerable.Range(0, spool.Count).Select(spool.PairCount).ToList();
        var groups = CbsaGroups.Balance(pairCounts, parameters.Partitions ?? CbsaGroups.DefaultFor(pairCounts.Sum()));
        var staging = PipelineTelemetry.StartPhase("plan", KindName, "stage");
        await using var uploads = new BoundedWrites(StagingUploadsInFlight);
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            // A partition of one CBSA is named by it, as before; a larger one by its index.
            var id = group.Count == 1 ? spool.CbsaCodes[group[0]] : $"{GroupPrefix}{index:D4}";
            var blob = new BlobRef(StagingContainer, $"{runId}/{id}{PartitionSuffix}");
            var buffer = new MemoryStream();
            foreach (var c in group)
            {
                CbsaPartitionFormat.Write(buffer, spool.Load(c));
            }

            buffer.Position = 0;
            await uploads.AddAsync(async () =>
            {
                await using (buffer)
                {
                    using var upload = PipelineTelemetry.StartPhase("plan", KindName, "upload");
                    await services.Blobs.WriteAsync(blob, buffer, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            partitions.Add(new PartitionRef(id, blob));
        }

        await uploads.DrainAsync().ConfigureAwait(false);
        staging?.Dispose();

        // A base year no series can have would store every series indexed at its own first year: refused, naming the years.
        if (spool.PairYears is (var firstYear, var lastYear) && parameters.ToMethod().BaseYearProblem(firstYear, lastYear) is { } baseProblem)
        {
            throw new InvalidInputException(new InputError(transactionsBlob.ToString(), 0, "baseYear", baseProblem));
        }

        // The dataset and CBSAs whose series this run writes, kept beside its outputs: a purge finds the series by them once
        // staging is gone.
        var cbsaCodes = Enumerable.Range(0, spool.Count).Select(c => spool.CbsaCodes[c]).ToList();
        await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
        await services.Blobs.WriteAsync(SeriesIndexOf(runId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new HpiSeriesIndex(dataset, cbsaCodes), DurableJson.Options)), cancellationToken)
            .ConfigureAwait(false);
        var context = new HpiPlanContext(
            dataset,
            parameters.ToMethod(),
            spool.Transactions,
            rejects.Total,
            spool.PairsAcrossTracts,
            cbsaCodes);
        return new WorkloadPlan(partitions, JsonSerializer.SerializeToElement(context, DurableJson.Options));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        var context = plan.Context!.Value.Deserialize<HpiPlanContext>(DurableJson.Options)!;
        if (context.Direct is { } direct)
        {
            return await RunDirectAsync(runId, context, direct, cancellationToken).ConfigureAwait(false);
        }

        var inputs = new List<BlobRef>();
        if (partition.Input!.Path.EndsWith(GroupSuffix, StringComparison.Ordinal))
        {
            // Staged by an earlier version: a list of one blob per CBSA.
            await using var list = await services.Blobs.OpenReadAsync(partition.Input, cancellationToken).ConfigureAwait(false);
            inputs.AddRange(await JsonSerializer.DeserializeAsync<List<BlobRef>>(list, DurableJson.Options, cancellationToken).ConfigureAwait(false) ?? []);
        }
        else
        {
            inputs.Add(partition.Input);
        }

        // Each CBSA's six series are stored while the next CBSA is computed; the partition's national contributions, in
        // CBSA order, go to one blob that every CBSA's summary names (finalize reads each blob once).
        var contributionsBlob = new BlobRef(StagingContainer, $"{runId}/{partition.Id}{ContributionsSuffix}");
        var contributions = new List<NationalContribution>();
        var cbsas = new List<HpiCbsaSummary>();
        var writes = new List<Task>();
        try
        {
            foreach (var input in inputs)
            {
                using var buffer = new MemoryStream();
                await using (var stream = await services.Blobs.OpenReadAsync(input, cancellationToken).ConfigureAwait(false))
                {
                    await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                buffer.Position = 0;
                while (buffer.Position < buffer.Length)
                {
                    var market = CbsaPartitionFormat.Read(buffer, input.ToString());
                    var result = CbsaIndexCalculator.Compute(market, context.Parameters);
                    writes.Add(StoreSeriesAsync(runId, context, market.CbsaCode, result.Series, cancellationToken));
                    contributions.AddRange(result.Contributions);
                    cbsas.Add(new HpiCbsaSummary(market.CbsaCode, result.Diagnostics.Filters.Kept, result.Diagnostics.FirstYear, result.Diagnostics.LastYear, contributionsBlob));
                }
            }

            writes.Add(services.Blobs.WriteAsync(contributionsBlob, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(contributions, DurableJson.Options)), cancellationToken));
        }
        catch
        {
            // Every write started is awaited before the step fails, so none lands after a retry began; the first failure is reported.
            await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(cbsas, DurableJson.Options);
    }

    public async Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken)
    {
        var context = plan.Context!.Value.Deserialize<HpiPlanContext>(DurableJson.Options)!;
        if (context.Direct is not null)
        {
            // The direct partition stored every series and the national CSV; its summary is the run's.
            return summaries.Single();
        }

        var cbsas = summaries.SelectMany(s => s.Deserialize<List<HpiCbsaSummary>>(DurableJson.Options)!).ToList();

        // A partition's CBSAs share one blob of contributions in CBSA order (a run staged by an earlier version: one each);
        // the blobs are read at once and joined in partition order, so the national index sums them as before.
        List<NationalContribution>[] parts;
        using (PipelineTelemetry.StartPhase("finalize", KindName, "read contributions"))
        {
            parts = await Task.WhenAll(cbsas.Select(c => c.Contributions).Distinct().Select(async blob =>
            {
                await using var stream = await services.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
                return await JsonSerializer.DeserializeAsync<List<NationalContribution>>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
            })).ConfigureAwait(false);
        }

        IReadOnlyList<CbsaSeries> national;
        var output = new BlobRef(OutputContainer, $"{runId}/national.csv");
        var csv = new MemoryStream();
        using (PipelineTelemetry.StartPhase("finalize", KindName, "national index"))
        {
            national = NationalIndex.Compute(parts.SelectMany(p => p).ToList(), context.Parameters.StartYear);
            var rows = IndexRows.National(national, WeightingSchemes.All, context.Parameters.BaseYear, out _);
            await IndexWriter.WriteAsync(csv, rows, OutputFormat.Csv, cancellationToken).ConfigureAwait(false);
            csv.Position = 0;
        }

        // The six national series (one batch) and the CSV are written at once.
        using (PipelineTelemetry.StartPhase("finalize", KindName, "write"))
        {
            await using (csv)
            {
                await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(
                    StoreSeriesAsync(runId, context, National, national, cancellationToken),
                    services.Blobs.WriteAsync(output, csv, cancellationToken)).ConfigureAwait(false);
            }
        }

        var summary = new HpiRunSummary(
            context.Dataset,
            cbsas.Count,
            (cbsas.Count + 1) * WeightingSchemes.Count,
            context.Transactions,
            context.RejectedRows,
            cbsas.Sum(c => c.PairsKept),
            cbsas.Min(c => c.FirstYear),
            cbsas.Max(c => c.LastYear),
            ResultContainers.HpiSeries,
            output,
            cbsas.Select(c => c.CbsaCode).Order(StringComparer.Ordinal).ToList());
        return JsonSerializer.SerializeToElement(summary, DurableJson.Options);
    }

    public PartitionWork WorkOf(JsonElement partitionSummary) =>
        partitionSummary.ValueKind == JsonValueKind.Object
            ? partitionSummary.Deserialize<HpiRunSummary>(DurableJson.Options) is { } direct ? new(direct.Transactions, direct.PairsKept) : PartitionWork.None
            : new(0, partitionSummary.Deserialize<List<HpiCbsaSummary>>(DurableJson.Options)?.Sum(c => c.PairsKept) ?? 0);

    public long RowsPlanned(WorkloadPlan plan) =>
        plan.Context?.Deserialize<HpiPlanContext>(DurableJson.Options)?.Transactions ?? 0;

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => PurgeAsync(runId, null, cancellationToken);

    /// <summary>The staged CBSA partitions and contributions; the run's series index stays beside its outputs for a purge.</summary>
    public Task<int> RemoveStagingAsync(string runId, CancellationToken cancellationToken) =>
        RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer);

    /// <summary>A stopped run's activity knows the CBSAs from the plan, even after another one removed the run's CBSA list.</summary>
    public Task<int> PurgeStoppedAsync(string runId, WorkloadPlan? plan, CancellationToken cancellationToken) =>
        PurgeAsync(runId, plan?.Context?.Deserialize<HpiPlanContext>(DurableJson.Options) is { } context ? new HpiSeriesIndex(context.Dataset, context.Cbsas ?? []) : null, cancellationToken);

    /// <summary>The blob naming the dataset and CBSAs of a run's series, beside its outputs.</summary>
    public static BlobRef SeriesIndexOf(string runId) => new(OutputContainer, $"{runId}/series.json");

    private async Task<int> PurgeAsync(string runId, HpiSeriesIndex? known, CancellationToken cancellationToken)
    {
        // Series are keyed by (dataset, CBSA, weighting) and partitioned by CBSA; the run's series index (and, for older
        // runs, its staged CBSA partitions) say which partitions to look in, and only the series this run wrote last (runId) go.
        var cbsas = new HashSet<string>(known?.Cbsas ?? [], StringComparer.Ordinal) { National };
        var dataset = known?.Dataset;
        try
        {
            await using var stream = await services.Blobs.OpenReadAsync(SeriesIndexOf(runId), cancellationToken).ConfigureAwait(false);
            if (await JsonSerializer.DeserializeAsync<HpiSeriesIndex>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false) is { } index)
            {
                cbsas.UnionWith(index.Cbsas);
                dataset ??= index.Dataset;
            }
        }
        catch (FileNotFoundException)
        {
        }

        await foreach (var item in services.Blobs.ListAsync(StagingContainer, runId + "/", cancellationToken).ConfigureAwait(false))
        {
            // Runs staged by earlier versions kept no series index; their CBSA blobs are named by CBSA (a group's by its index).
            var name = Path.GetFileNameWithoutExtension(item.Blob.Path);
            if (item.Blob.Path.EndsWith(PartitionSuffix, StringComparison.Ordinal) && !name.StartsWith(GroupPrefix, StringComparison.Ordinal))
            {
                cbsas.Add(name);
            }
        }

        var deleted = 0;
        foreach (var cbsa in cbsas)
        {
            deleted += await RunResults.DeleteDocumentsAsync(services.Documents, ResultContainers.HpiSeries, cbsa, new Dictionary<string, string> { ["runId"] = runId }, cancellationToken)
                .ConfigureAwait(false);
        }

        // The dataset is free again once no run's series of it are left (every completed run wrote a national series).
        if (dataset is not null
            && (await services.Documents.QueryAsync<JsonElement>(ResultContainers.HpiSeries, National, new Dictionary<string, string> { ["dataset"] = dataset }, 1, null, cancellationToken)
                .ConfigureAwait(false)).Items.Count == 0)
        {
            await new DatasetClaims(services.Blobs).ReleaseAsync(dataset, cancellationToken).ConfigureAwait(false);
        }

        return deleted + await RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer, OutputContainer).ConfigureAwait(false);
    }

    // A CBSA's six series share its partition key, so they go as one transactional batch (one round trip, all or none).
    private Task StoreSeriesAsync(string runId, HpiPlanContext context, string cbsa, IReadOnlyList<CbsaSeries> series, CancellationToken cancellationToken)
    {
        var documents = series.Select(s => SeriesDocument(runId, context, cbsa, s)).Select(d => (d.Id, d)).ToList();
        return services.Documents.UpsertManyAsync(ResultContainers.HpiSeries, cbsa, documents, cancellationToken);
    }

    private static HpiSeriesDocument SeriesDocument(string runId, HpiPlanContext context, string cbsa, CbsaSeries series)
    {
        var weighting = series.Weighting.Name();
        var rebased = IndexChain.Rebase(series.Points, context.Parameters.BaseYear);
        var points = (rebased ?? series.Points.Select(p => (p, double.NaN)).ToList())
            .Select(r => new HpiSeriesPoint(r.Item1.Year, r.Item1.Appreciation, r.Item1.Level, double.IsNaN(r.Item2) ? r.Item1.Level * 100 : r.Item2))
            .ToList();

        // The base year the index really has: a series without the asked-for year is indexed at its own first year, and says so.
        var baseYear = context.Parameters.BaseYear is null || rebased is not null ? context.Parameters.BaseYear : series.Points.FirstOrDefault()?.Year;
        return new HpiSeriesDocument(HpiSeriesDocument.IdOf(context.Dataset, cbsa, weighting), cbsa, context.Dataset, weighting, runId, baseYear, points);
    }

    private Task<T?> ReadAsync<T>(BlobRef blob, Func<Stream, string, T> read, CancellationToken cancellationToken)
        where T : class => ReadAsync(blob, (stream, name, _) => read(stream, name), cancellationToken);

    /// <summary>Opens a blob (null when missing) and reads it; <c>read</c> also gets the blob's length.</summary>
    private async Task<T?> ReadAsync<T>(BlobRef blob, Func<Stream, string, long, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var info = await services.Blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return null;
        }

        if (info.Length > MaxFileBytes)
        {
            throw TooLarge(info);
        }

        await using var stream = await services.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
        return read(stream, blob.ToString(), info.Length);
    }

    private static InvalidInputException Missing(BlobRef blob) =>
        new(new InputError(blob.ToString(), 0, null, "required file is missing from the drop"));

    private static HpiRunParameters? Parameters(RunRequest request, List<InputError> errors) =>
        RunParameterBinder.Bind(request, errors, new HpiRunParameters());

    private static string DatasetName(BlobFolder source, string runId)
    {
        var name = source.Prefix.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return name.Length == 0 ? runId : name;
    }
}

/// <summary>What every HPI partition and the finalize step need from the plan; a direct plan's partition reads the drop itself
/// (<see cref="Direct"/>), so its counts and CBSAs are not known here.</summary>
public sealed record HpiPlanContext(string Dataset, HpiParameters Parameters, long Transactions, long RejectedRows, long PairsAcrossTracts, IReadOnlyList<string>? Cbsas = null,
    bool SkipInvalid = false, HpiDirectInput? Direct = null);

/// <summary>The dataset and CBSAs whose series a run writes, kept as `hpi-output/{run}/series.json` for its purge.</summary>
public sealed record HpiSeriesIndex(string Dataset, IReadOnlyList<string> Cbsas);

/// <summary>The fan-in summary of one CBSA: small counts and where its national contributions were staged.</summary>
public sealed record HpiCbsaSummary(string CbsaCode, long PairsKept, int? FirstYear, int? LastYear, BlobRef Contributions);

/// <summary>What an HPI run produced and where.</summary>
public sealed record HpiRunSummary(
    string Dataset,
    int Cbsas,
    int SeriesDocuments,
    long Transactions,
    long RejectedRows,
    long PairsKept,
    int? FirstYear,
    int? LastYear,
    string SeriesContainer,
    BlobRef NationalCsv,
    IReadOnlyList<string>? CbsaCodes = null);
