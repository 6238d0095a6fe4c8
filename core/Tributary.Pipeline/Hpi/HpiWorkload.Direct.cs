using System.Collections.Concurrent;
using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Output;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hpi;

// The direct path: a market that fits one partition is computed whole by that partition, as `hpi calculate` does, with no
// staging. Staging (spool, encode and upload in the plan; download and decode in each partition; the contributions read
// back by finalize) is the price of splitting the work, and below MaxDirectInputBytes it costs more than it spreads.
public sealed partial class HpiWorkload
{
    /// <summary>The id of a direct plan's one partition.</summary>
    public const string DirectPartitionId = "direct";

    /// <summary>
    /// The most input bytes (transactions.csv, tracts.csv and tract_years.csv together, by their blob lengths) a run that
    /// names no partition count computes in one direct partition. The spool keeps memory to its property buckets and the
    /// largest CBSAs whatever the input's size (`hpi calculate` peaked at 268, 305 and 353 MB for 105, 210 and 420 MB of
    /// input), so the bound is an attempt's time: 256 MiB is about 300 CBSAs (3M pairs) of the bench's simulated market,
    /// about 3.5 CPU-s of `hpi calculate`, which a retry redoes whole; FHFA's national market (4.5 GB, 63M pairs) stays
    /// spread over 64 partitions. See docs/pipeline.md, round 7.
    /// </summary>
    public const long MaxDirectInputBytes = Tributary.Abstractions.Performance.PartitionSizing.MaxDirectInputBytes;

    // The drop's files as the plan sized them; null when the run names its partitions or the market is larger.
    private async Task<HpiDirectInput?> DirectInputAsync(BlobFolder source, HpiRunParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.Partitions is not null)
        {
            return null;
        }

        using var sizing = PipelineTelemetry.StartPhase("plan", KindName, "size");
        var infos = await Task.WhenAll(new[] { "transactions.csv", "tracts.csv", "tract_years.csv" }
            .Select(name => services.Blobs.GetInfoAsync(source.File(name), cancellationToken))).ConfigureAwait(false);
        var (transactions, tracts, tractYears) = (infos[0] ?? throw Missing(source.File("transactions.csv")), infos[1] ?? throw Missing(source.File("tracts.csv")), infos[2]);
        foreach (var info in infos.OfType<BlobItemInfo>().Where(i => i.Length > MaxFileBytes))
        {
            throw TooLarge(info);
        }

        return infos.OfType<BlobItemInfo>().Sum(i => i.Length) <= MaxDirectInputBytes
            ? new HpiDirectInput(source, new PinnedBlob(transactions.Blob, transactions.ETag), new PinnedBlob(tracts.Blob, tracts.ETag),
                tractYears is null ? null : new PinnedBlob(tractYears.Blob, tractYears.ETag))
            : null;
    }

    private static WorkloadPlan PlanDirect(HpiPlanContext context, HpiDirectInput direct) =>
        new([new PartitionRef(DirectPartitionId, direct.Transactions.Blob)], JsonSerializer.SerializeToElement(context with { Direct = direct }, DurableJson.Options));

    /// <summary>
    /// Reads the drop as the staged plan does (the transactions streamed through a <see cref="MarketSpool"/>), computes every
    /// CBSA on every core as `hpi calculate` does, storing each one's six series as soon as it is computed, then the national
    /// index and its CSV. Returns the run's summary, which finalize only records.
    /// </summary>
    private async Task<JsonElement> RunDirectAsync(string runId, HpiPlanContext context, HpiDirectInput direct, CancellationToken cancellationToken)
    {
        var rejects = new RejectLog();
        var transactionsBlob = direct.Transactions.Blob;
        var reading = PipelineTelemetry.StartPhase("partition", KindName, "download and spool");
        var skip = context.SkipInvalid;
        // All three files start downloading at once, each ahead of its reader; they are read in order (the tracts first).
        var opening = OpenPinnedAsync(direct.Transactions, cancellationToken);
        var openingTracts = OpenPinnedAsync(direct.Tracts, cancellationToken);
        var openingYears = direct.TractYears is { } years ? OpenPinnedAsync(years, cancellationToken) : null;
        MarketSpool spool;
        try
        {
            var tracts = await ReadAsync(openingTracts, s => TractReader.Read(s, direct.Tracts.Blob.ToString(), skip, rejects)).ConfigureAwait(false);
            var tractYears = openingYears is not null
                ? await ReadAsync(openingYears, s => TractYearReader.Read(s, direct.TractYears!.Blob.ToString(), tracts, skip, rejects)).ConfigureAwait(false)
                : [];
            var (transactions, length) = await opening.ConfigureAwait(false);
            using (transactions)
            {
                spool = MarketSpool.Create(transactions, transactionsBlob.ToString(), tracts, tractYears, skip, rejects, length: length);
            }
        }
        catch
        {
            // No download started is left running.
            foreach (var started in new[] { opening, openingTracts, openingYears }.OfType<Task<(Stream Stream, long Length)>>())
            {
                await started.ContinueWith(t => t.Result.Stream.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }

        using var spooled = spool;
        reading?.Dispose();
        if (spool.Count == 0)
        {
            throw new InvalidInputException(new InputError(transactionsBlob.ToString(), 0, null, "no CBSA has a repeat sale: nothing to index"));
        }

        if (spool.PairYears is (var firstYear, var lastYear) && context.Parameters.BaseYearProblem(firstYear, lastYear) is { } baseProblem)
        {
            throw new InvalidInputException(new InputError(transactionsBlob.ToString(), 0, "baseYear", baseProblem));
        }

        // As the staged plan: the dataset is claimed once the input is known to be good, and the CBSAs are listed beside the
        // outputs before the first series is written, so a purge finds every series.
        var cbsaCodes = spool.CbsaCodes.ToList();
        using (PipelineTelemetry.StartPhase("partition", KindName, "claim"))
        {
            await new DatasetClaims(services.Blobs).ClaimAsync(context.Dataset, direct.Source, runId, cancellationToken).ConfigureAwait(false);
            await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
            await services.Blobs.WriteAsync(SeriesIndexOf(runId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new HpiSeriesIndex(context.Dataset, cbsaCodes), DurableJson.Options)),
                cancellationToken).ConfigureAwait(false);
        }

        // Each CBSA's series go out (one transactional batch) from the thread that computed it while the others compute.
        var writes = new ConcurrentQueue<Task>();
        CbsaIndexResult[] results;
        try
        {
            using var computing = PipelineTelemetry.StartPhase("partition", KindName, "compute");
            results = await HpiRun.ComputeCbsasAsync(spool, context.Parameters,
                result => writes.Enqueue(StoreSeriesAsync(runId, context, result.CbsaCode, result.Series, cancellationToken)),
                cancel: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // No write outlives the step, whether the computing finished or failed.
            await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var csv = new MemoryStream();
        IReadOnlyList<CbsaSeries> national;
        using (PipelineTelemetry.StartPhase("partition", KindName, "national index"))
        {
            // As finalize computes it from the staged contributions (summed in CBSA order whatever the order they arrive in).
            national = NationalIndex.Compute(results.SelectMany(r => r.Contributions).ToList(), context.Parameters.StartYear);
            var rows = IndexRows.National(national, WeightingSchemes.All, context.Parameters.BaseYear, out _);
            await IndexWriter.WriteAsync(csv, rows, OutputFormat.Csv, cancellationToken).ConfigureAwait(false);
            csv.Position = 0;
        }

        var output = new BlobRef(OutputContainer, $"{runId}/national.csv");
        using (PipelineTelemetry.StartPhase("partition", KindName, "write"))
        {
            await using (csv)
            {
                writes.Enqueue(StoreSeriesAsync(runId, context, National, national, cancellationToken));
                writes.Enqueue(services.Blobs.WriteAsync(output, csv, cancellationToken));
                await Task.WhenAll(writes).ConfigureAwait(false);
            }
        }

        var summary = new HpiRunSummary(
            context.Dataset,
            results.Length,
            (results.Length + 1) * WeightingSchemes.Count,
            spool.Transactions,
            rejects.Total,
            results.Sum(r => r.Diagnostics.Filters.Kept),
            results.Min(r => r.Diagnostics.FirstYear),
            results.Max(r => r.Diagnostics.LastYear),
            ResultContainers.HpiSeries,
            output,
            cbsaCodes.Order(StringComparer.Ordinal).ToList());
        return JsonSerializer.SerializeToElement(summary, DurableJson.Options);
    }

    private static async Task<T> ReadAsync<T>(Task<(Stream Stream, long Length)> opening, Func<Stream, T> read)
    {
        var (stream, _) = await opening.ConfigureAwait(false);
        await using (stream)
        {
            return read(stream);
        }
    }

    // The version the plan sized, or an error: a partition retried after a file was replaced must not index another market.
    // Read ahead of its reader (ReadAheadStream), with its length.
    private async Task<(Stream Stream, long Length)> OpenPinnedAsync(PinnedBlob pinned, CancellationToken cancellationToken)
    {
        var info = await services.Blobs.GetInfoAsync(pinned.Blob, cancellationToken).ConfigureAwait(false) ?? throw Missing(pinned.Blob);
        if (info.ETag != pinned.ETag)
        {
            throw new InvalidOperationException($"{pinned.Blob} was replaced after the run was planned (ETag {pinned.ETag}, now {info.ETag}); upload the drop again to index the new file");
        }

        return (new ReadAheadStream(await services.Blobs.OpenReadAsync(pinned.Blob, pinned.ETag, cancellationToken).ConfigureAwait(false)), info.Length);
    }

    private static InvalidInputException TooLarge(BlobItemInfo info) =>
        new(new InputError(info.Blob.ToString(), 0, null, $"{info.Length} bytes is more than the {MaxFileBytes} accepted"));
}

/// <summary>A blob at the version (ETag) a plan saw.</summary>
public sealed record PinnedBlob(BlobRef Blob, string ETag);

/// <summary>The drop a direct partition computes whole: its folder (the dataset's owner) and its files as the plan sized them.</summary>
public sealed record HpiDirectInput(BlobFolder Source, PinnedBlob Transactions, PinnedBlob Tracts, PinnedBlob? TractYears);
