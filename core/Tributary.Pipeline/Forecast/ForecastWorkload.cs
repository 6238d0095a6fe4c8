using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Forecast.Input;
using Tributary.Forecast.Model;
using Tributary.Forecast.Recommendations;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Forecast;

/// <summary>
/// Demand recommendations as a pipeline workload. Plan: read and validate sales.csv and the optional weather.csv, events.csv
/// and products.csv of the source folder, fit the market priors once and stage them, the side files and one sales file per
/// bucket of vendors. Partition: train each vendor of the bucket with the priors, store its recommendations in Cosmos and
/// stage them. Finalize: write recommendations.csv (the CLI's exact format and order) and return the run summary.
/// </summary>
public sealed class ForecastWorkload(PipelineServices services) : IWorkload
{
    /// <summary>The workload's kind.</summary>
    public const string KindName = "forecast";

    /// <summary>Container of staged priors, side files and vendor buckets.</summary>
    public const string StagingContainer = "forecast-staging";

    /// <summary>Container of run outputs (recommendations.csv).</summary>
    public const string OutputContainer = "forecast-output";

    /// <summary>The default number of vendor buckets: a few dozen activities keep two cores busy without paying for thousands.</summary>
    public const int DefaultPartitions = CbsaGroups.DefaultPartitions;

    /// <summary>The most vendor buckets a run may ask for.</summary>
    public const int MaxPartitions = CbsaGroups.MaxPartitions;

    /// <summary>The most dates one run may recommend for.</summary>
    public const int MaxDates = 366;

    /// <summary>Every pipeline run trains one model; feedback on it is recorded against this version (the run id tells runs apart).</summary>
    public const int ModelVersion = 1;

    /// <summary>Largest accepted input file.</summary>
    public const long MaxFileBytes = 2L << 30;

    private static readonly string[] SideFileNames = ["weather.csv", "events.csv", "products.csv"];

    /// <summary>The container whose drops start runs of this workload.</summary>
    public const string DropContainer = "forecast-drop";

    public string Kind => KindName;

    public DropConvention? Drop { get; } = new(DropContainer, "manifest.json", ["sales.csv"]);

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        var errors = new List<InputError>();
        if (request.Source is null)
        {
            errors.Add(new InputError("request", 0, "source", "the folder with sales.csv is required"));
        }

        if (Parameters(request, errors) is { } parameters)
        {
            ParseDates(parameters, errors);
            if (parameters.ServiceLevel is { } level && (double.IsNaN(level) || level is <= 0 or >= 1))
            {
                errors.Add(new InputError("request", 0, "parameters.serviceLevel", "must lie strictly between 0 and 1"));
            }

            if (parameters.Partitions is < 1 or > MaxPartitions)
            {
                errors.Add(new InputError("request", 0, "parameters.partitions", $"must be between 1 and {MaxPartitions}"));
            }
        }

        return errors;
    }

    public async Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var parameters = Parameters(request, []) ?? new ForecastRunParameters();
        var source = request.Source!;
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in SideFileNames)
        {
            if (await ReadAllAsync(source.File(name), cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                raw[name] = bytes;
            }
        }

        var salesBlob = source.File("sales.csv");
        var salesBytes = await ReadAllAsync(salesBlob, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidInputException(new InputError(salesBlob.ToString(), 0, null, "required file is missing"));
        var side = ReadSideFiles(raw, source);
        var sales = SalesReader.Read(new MemoryStream(salesBytes), salesBlob.ToString(), side.Catalog, ParseDates(parameters, [])?.Min());
        var inputs = new ForecastInputs(sales, side.Weather, side.Events);
        var priors = MarketPriors.Fit(inputs);

        await services.Blobs.EnsureContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        var priorsBlob = new BlobRef(StagingContainer, $"{runId}/priors.json");
        using (var buffer = new MemoryStream())
        {
            priors.Save(buffer);
            buffer.Position = 0;
            await services.Blobs.WriteAsync(priorsBlob, buffer, cancellationToken).ConfigureAwait(false);
        }

        // The side files are copied, not referenced: the partitions then read what the plan validated even if the drop is
        // uploaded again mid-run.
        var staged = new Dictionary<string, BlobRef>(StringComparer.Ordinal);
        foreach (var (name, bytes) in raw)
        {
            var blob = new BlobRef(StagingContainer, $"{runId}/{name}");
            await services.Blobs.WriteAsync(blob, new MemoryStream(bytes), cancellationToken).ConfigureAwait(false);
            staged[name] = blob;
        }

        var vendors = sales.ByVendor();
        var groups = CbsaGroups.Balance(vendors.Select(v => (long)v.DayCount).ToList(), parameters.Partitions ?? DefaultPartitions);
        var partitions = new List<PartitionRef>(groups.Count);
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var id = $"p{index:D4}";
            var blob = new BlobRef(StagingContainer, $"{runId}/{id}/sales.csv");
            var bytes = VendorSalesCsv.Write(group.SelectMany(v => vendors[v].Products));
            await services.Blobs.WriteAsync(blob, new MemoryStream(bytes), cancellationToken).ConfigureAwait(false);
            partitions.Add(new PartitionRef(id, blob));
        }

        var dates = ParseDates(parameters, []);
        var context = new ForecastPlanContext(
            priorsBlob,
            staged.GetValueOrDefault("weather.csv"),
            staged.GetValueOrDefault("events.csv"),
            staged.GetValueOrDefault("products.csv"),
            dates,
            dates is null ? MarketDays.Next(sales) : null,
            parameters.ServiceLevel ?? Recommender.DefaultServiceLevel,
            vendors.Count,
            sales.Products.Count,
            sales.Products.Select(p => (p.Key.Vendor, p.Key.Product)).Distinct().Count(),
            sales.DayCount,
            sales.Last);
        return new WorkloadPlan(partitions, JsonSerializer.SerializeToElement(context, DurableJson.Options));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        var context = Context(plan);
        MarketPriors priors;
        await using (var stream = await services.Blobs.OpenReadAsync(context.Priors, cancellationToken).ConfigureAwait(false))
        {
            priors = MarketPriors.Load(stream);
        }

        var side = new SideInputs(
            context.ProductsCsv is { } p ? ProductCatalog.Read(await OpenAsync(p, cancellationToken).ConfigureAwait(false), p.ToString()) : null,
            context.WeatherCsv is { } w ? WeatherTable.Read(await OpenAsync(w, cancellationToken).ConfigureAwait(false), w.ToString()) : null,
            context.EventsCsv is { } e ? EventCalendar.Read(await OpenAsync(e, cancellationToken).ConfigureAwait(false), e.ToString()) : null);
        var sales = SalesReader.Read(await OpenAsync(partition.Input!, cancellationToken).ConfigureAwait(false), partition.Input!.ToString(), side.Catalog);
        var inputs = new ForecastInputs(sales, side.Weather, side.Events);
        var dates = context.Dates ?? context.MarketDates!.Values.Distinct().Order().ToArray();

        var rows = new List<Recommendation>();
        foreach (var vendor in sales.ByVendor())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vendorInputs = inputs.WithSales(vendor);
            var model = DemandModel.Train(vendorInputs, priors);
            var recommended = Recommender.Recommend(model, dates, vendorInputs, context.ServiceLevel);
            // Default dates are per market: each series gets its own market's next day, not every market's.
            rows.AddRange(context.MarketDates is { } next ? recommended.Where(r => next.GetValueOrDefault(r.Market) == r.Date) : recommended);
        }

        // Upserts by (date, market, vendor, product): a retried partition overwrites its documents.
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (row, cancel) =>
        {
            var document = ForecastRecommendationDocument.From(runId, row, ModelVersion);
            await services.Documents.UpsertAsync(ResultContainers.ForecastRecommendations, runId, document.Id, document, cancel).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var staged = new BlobRef(StagingContainer, $"{runId}/{partition.Id}/recommendations.json");
        await services.Blobs.WriteAsync(staged, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(rows, DurableJson.Options)), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(new ForecastPartitionSummary(partition.Id, sales.Vendors.Count, sales.Products.Count, rows.Count, staged, sales.DayCount), DurableJson.Options);
    }

    public async Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken)
    {
        var context = Context(plan);
        var all = new List<Recommendation>();
        foreach (var part in summaries.Select(s => s.Deserialize<ForecastPartitionSummary>(DurableJson.Options)!))
        {
            await using var stream = await services.Blobs.OpenReadAsync(part.Recommendations, cancellationToken).ConfigureAwait(false);
            all.AddRange(await JsonSerializer.DeserializeAsync<List<Recommendation>>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false) ?? []);
        }

        // The CLI's order (MarketRecommendations.Compute), so the file equals `forecast recommend`'s byte for byte.
        var ordered = all.OrderBy(r => r.Date).ThenBy(r => r.Market, StringComparer.Ordinal).ThenBy(r => r.Vendor, StringComparer.Ordinal)
            .ThenBy(r => r.Product, StringComparer.Ordinal).ToArray();
        await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
        var output = new BlobRef(OutputContainer, $"{runId}/{RecommendationWriter.FileName}");
        using (var buffer = new MemoryStream())
        {
            using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
            {
                RecommendationWriter.WriteCsv(writer, ordered);
            }

            buffer.Position = 0;
            await services.Blobs.WriteAsync(output, buffer, cancellationToken).ConfigureAwait(false);
        }

        var dates = context.Dates ?? context.MarketDates!.Values.Distinct().Order().ToArray();
        return JsonSerializer.SerializeToElement(
            new ForecastRunSummary(context.Vendors, context.Products, context.Series, context.MarketDays, ordered.Length, summaries.Count, context.HistoryEnd,
                dates, context.MarketDates, context.ServiceLevel, ModelVersion, ResultContainers.ForecastRecommendations, output),
            DurableJson.Options);
    }

    public PartitionWork WorkOf(JsonElement partitionSummary) =>
        new(partitionSummary.Deserialize<ForecastPartitionSummary>(DurableJson.Options)?.SalesRows ?? 0);

    /// <summary>The staged priors, side files and vendor buckets.</summary>
    public Task<int> RemoveStagingAsync(string runId, CancellationToken cancellationToken) =>
        RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer);

    public async Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) =>
        await RunResults.DeleteDocumentsAsync(services.Documents, ResultContainers.ForecastRecommendations, runId, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false)
        + await RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer, OutputContainer).ConfigureAwait(false);

    /// <summary>The dates the parameters name (sorted, distinct), or null for each market's next market day; errors name the entry.</summary>
    private static DateOnly[]? ParseDates(ForecastRunParameters parameters, List<InputError> errors)
    {
        if (parameters.Dates is null)
        {
            return null;
        }

        if (parameters.Dates.Count is 0 or > MaxDates)
        {
            errors.Add(new InputError("request", 0, "parameters.dates", $"1-{MaxDates} dates yyyy-MM-dd, or leave it out for each market's next market day"));
            return null;
        }

        var dates = new SortedSet<DateOnly>();
        for (var i = 0; i < parameters.Dates.Count; i++)
        {
            if (DateOnly.TryParseExact(parameters.Dates[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                errors.Add(new InputError("request", 0, $"parameters.dates[{i}]", $"'{parameters.Dates[i]}' is not a date yyyy-MM-dd"));
            }
        }

        return dates.ToArray();
    }

    private static SideInputs ReadSideFiles(Dictionary<string, byte[]> raw, BlobFolder source) => new(
        raw.TryGetValue("products.csv", out var p) ? ProductCatalog.Read(new MemoryStream(p), source.File("products.csv").ToString()) : null,
        raw.TryGetValue("weather.csv", out var w) ? WeatherTable.Read(new MemoryStream(w), source.File("weather.csv").ToString()) : null,
        raw.TryGetValue("events.csv", out var e) ? EventCalendar.Read(new MemoryStream(e), source.File("events.csv").ToString()) : null);

    private static ForecastPlanContext Context(WorkloadPlan plan) => plan.Context!.Value.Deserialize<ForecastPlanContext>(DurableJson.Options)!;

    private async Task<MemoryStream> OpenAsync(BlobRef blob, CancellationToken cancellationToken) =>
        new(await ReadAllAsync(blob, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"staged blob {blob} is missing"));

    private async Task<byte[]?> ReadAllAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        var info = await services.Blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return null;
        }

        if (info.Length > MaxFileBytes)
        {
            throw new InvalidInputException(new InputError(blob.ToString(), 0, null, $"{info.Length} bytes is more than the {MaxFileBytes} accepted"));
        }

        using var buffer = new MemoryStream(checked((int)info.Length));
        await using var stream = await services.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static ForecastRunParameters? Parameters(RunRequest request, List<InputError> errors) =>
        RunParameterBinder.Bind(request, errors, defaults: new ForecastRunParameters());

    private sealed record SideInputs(ProductCatalog? Catalog, WeatherTable? Weather, EventCalendar? Events);
}

/// <summary>What every partition and the finalize step need from the plan: references to staged files and small settings.</summary>
/// <param name="Dates">The requested dates, or null when each market gets its next market day (<paramref name="MarketDates"/>).</param>
public sealed record ForecastPlanContext(
    BlobRef Priors,
    BlobRef? WeatherCsv,
    BlobRef? EventsCsv,
    BlobRef? ProductsCsv,
    IReadOnlyList<DateOnly>? Dates,
    IReadOnlyDictionary<string, DateOnly>? MarketDates,
    double ServiceLevel,
    int Vendors,
    int Series,
    int Products,
    long MarketDays,
    DateOnly HistoryEnd);

/// <summary>Fan-in summary of one vendor bucket: counts and where its recommendations were staged.</summary>
public sealed record ForecastPartitionSummary(string Partition, int Vendors, int Series, int Rows, BlobRef Recommendations, long SalesRows = 0);

/// <summary>What a forecast run produced and where.</summary>
/// <param name="Products">Distinct (vendor, product) pairs; <paramref name="Series"/> counts (market, vendor, product).</param>
/// <param name="MarketDates">Each market's default date, when the run named no dates.</param>
public sealed record ForecastRunSummary(
    int Vendors,
    int Products,
    int Series,
    long MarketDays,
    int Recommendations,
    int Partitions,
    DateOnly HistoryEnd,
    IReadOnlyList<DateOnly> Dates,
    IReadOnlyDictionary<string, DateOnly>? MarketDates,
    double ServiceLevel,
    int ModelVersion,
    string RecommendationsContainer,
    BlobRef RecommendationsCsv);
