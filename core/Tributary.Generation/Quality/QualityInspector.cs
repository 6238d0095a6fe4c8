using System.Globalization;
using System.Security.Cryptography;
using Tributary.Generation.Batches;
using Tributary.Generation.Fraud;
using Tributary.Generation.Anomalies;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Quality;

/// <summary>
/// Runs the quality checks over a run's files, read through any stream source (local files or blobs).
/// Each check records its observed value and threshold. Rate tolerances are 4.5 standard deviations of a count made of
/// episodes (variance ≈ mean episode length × expected rows), so a correct run fails with negligible probability.
/// </summary>
public sealed class QualityInspector
{
    /// <summary>Opens a file of the run by name (e.g. <c>batch-00000.csv</c>) for reading.</summary>
    public delegate Task<Stream> OpenFile(string name, CancellationToken cancel);

    private const double Sigmas = 4.5;
    private const long DistributionMinRows = 10_000;

    private readonly RunManifest _manifest;
    private readonly GenerationRunSpec _spec;
    private readonly long _firstUnix;
    private readonly long _lastUnix;
    private readonly double _dailyTransactions;

    public QualityInspector(RunManifest manifest)
    {
        _manifest = manifest;
        _spec = manifest.ToSpec();
        var reference = ReferenceData.For(_spec);
        _dailyTransactions = reference.DailyTransactions;
        _firstUnix = MarketCalendar.EpochUnixSeconds;
        // Episodes may run up to a day past their batch's nominal span; allow a week of slack at the end.
        _lastUnix = _firstUnix + (long)(_spec.TotalCount * 86_400.0 / reference.DailyTransactions) + (7 * 86_400);
    }

    /// <summary>Checks every file the manifest lists, each batch on its own and the run as a whole.</summary>
    public async Task<RunQualityReport> InspectRunAsync(OpenFile open, IProgress<int>? filesDone = null, CancellationToken cancel = default)
    {
        var run = new QualityAccumulator(0, _spec.TotalCount, _firstUnix, _lastUnix);
        var files = new List<QualityReport>();
        var runChecks = new List<QualityCheck>
        {
            Check("run", "batches_present", _manifest.Batches.Count, $"= {_manifest.BatchCount} (manifest batch_count)", _manifest.IsComplete),
            Check("run", "schema_version", _manifest.SchemaVersion, $"= {GenerationRunSpec.SchemaVersion}", _manifest.SchemaVersion == GenerationRunSpec.SchemaVersion),
        };

        foreach (var reference in _manifest.ReferenceFiles)
        {
            await using var stream = await open(reference.File, cancel).ConfigureAwait(false);
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancel).ConfigureAwait(false));
            runChecks.Add(Check(reference.File, "sha256_matches_manifest", sha[..12], $"= {reference.Sha256[..12]}…", sha == reference.Sha256));
        }

        var done = 0;
        foreach (var batch in _manifest.Batches)
        {
            var slice = BatchPlan.For(_spec)[batch.Index];
            var file = new QualityAccumulator(slice.FirstRow, slice.Count, _firstUnix, _lastUnix);
            await using var stream = await open(batch.File, cancel).ConfigureAwait(false);
            await using var hashing = new HashingReadStream(stream);
            await ReadInto(hashing, batch.File, file, run, cancel).ConfigureAwait(false);
            await hashing.DrainAsync(cancel).ConfigureAwait(false);
            var sha = hashing.Sha256Hex();
            var checks = new List<QualityCheck>
            {
                Check(batch.File, "row_count_matches_manifest", file.Rows, $"= {batch.Rows}", file.Rows == batch.Rows),
                Check(batch.File, "sha256_matches_manifest", sha[..12], $"= {batch.Sha256[..12]}…", sha == batch.Sha256),
            };
            checks.AddRange(ContentChecks(batch.File, file, runLevel: false));
            files.Add(Report(batch.File, file, checks));
            filesDone?.Report(++done);
        }

        runChecks.AddRange(ContentChecks("run", run, runLevel: true));
        return new RunQualityReport(Report("run", run, runChecks), files);
    }

    /// <summary>Checks one batch stream on its own (no manifest comparison): the per-batch check of a pipeline activity.</summary>
    public async Task<QualityReport> InspectBatchAsync(Stream input, int batchIndex, string fileName, CancellationToken cancel = default)
    {
        var slice = BatchPlan.For(_spec)[batchIndex];
        var file = new QualityAccumulator(slice.FirstRow, slice.Count, _firstUnix, _lastUnix);
        await ReadInto(input, fileName, file, null, cancel).ConfigureAwait(false);
        return Report(fileName, file, ContentChecks(fileName, file, runLevel: false).ToList());
    }

    private async Task ReadInto(Stream input, string name, QualityAccumulator file, QualityAccumulator? run, CancellationToken cancel)
    {
        Dictionary<string, int> index = [];
        await foreach (var row in TransactionFileReader.ReadAsync(input, _manifest.OutputFormat, name,
                           header => index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i), cancel).ConfigureAwait(false))
        {
            file.Add(name, row, index);
            // The run accumulator sees every row too, so duplicate ids across batches are caught by its bitmap.
            run?.Add(name, row, index);
        }
    }

    private IEnumerable<QualityCheck> ContentChecks(string scope, QualityAccumulator a, bool runLevel)
    {
        var n = Math.Max(a.Rows, 1);
        yield return Check(scope, "null_values", a.NullValues, "= 0", a.NullValues == 0);
        yield return Check(scope, "invalid_values", a.InvalidValues, "= 0", a.InvalidValues == 0);
        yield return Check(scope, "out_of_range_values", a.OutOfRange, "= 0", a.OutOfRange == 0);
        yield return Check(scope, "duplicate_ids", a.DuplicateIds, "= 0", a.DuplicateIds == 0);
        yield return Check(scope, "label_mismatches", a.LabelMismatches, "= 0", a.LabelMismatches == 0);

        var fraudMean = MeanEpisodeRows(_spec.FraudMix, FraudCatalog.All.Select(p => p.MeanRows).ToArray());
        var anomalyMean = MeanEpisodeRows(_spec.AnomalyMix, AnomalyCatalog.All.Select(p => (double)p.Rows).ToArray());
        var fraudRows = a.FraudByType.Values.Sum();
        var anomalyRows = a.AnomalyByType.Values.Sum();
        yield return RateCheck(scope, "fraud_rate", fraudRows, n, _spec.FraudRate, fraudMean, FraudCatalog.All.Max(p => p.MaxRows));
        yield return RateCheck(scope, "anomaly_rate", anomalyRows, n, _spec.AnomalyRate, anomalyMean, 2);

        if (!runLevel)
        {
            yield break;
        }

        var fraudTotal = _spec.FraudMix.Sum();
        foreach (var (pattern, i) in FraudCatalog.All.Select((p, i) => (p, i)))
        {
            var expected = fraudRows * _spec.FraudMix[i] / fraudTotal;
            if (expected >= 30 || _spec.FraudMix[i] == 0)
            {
                yield return CountCheck(scope, $"fraud_share:{pattern.Label}", a.FraudByType.GetValueOrDefault(pattern.Label), expected, pattern.MeanRows, pattern.MaxRows);
            }
        }

        var anomalyTotal = _spec.AnomalyMix.Sum();
        foreach (var (pattern, i) in AnomalyCatalog.All.Select((p, i) => (p, i)))
        {
            var expected = anomalyRows * _spec.AnomalyMix[i] / anomalyTotal;
            if (expected >= 30 || _spec.AnomalyMix[i] == 0)
            {
                yield return CountCheck(scope, $"anomaly_share:{pattern.Label}", a.AnomalyByType.GetValueOrDefault(pattern.Label), expected, pattern.Rows, pattern.Rows);
            }
        }

        if (a.Rows < DistributionMinRows)
        {
            yield break;
        }

        var upi = a.ChannelCounts.GetValueOrDefault("upi") / (double)n;
        yield return Check(scope, "upi_share", Share(upi), ">= 0.35 (UPI dominates Indian retail payments)", upi >= 0.35);
        var small = a.SmallAmounts / (double)n;
        yield return Check(scope, "share_under_500_inr", Share(small), ">= 0.35 (small tickets dominate)", small >= 0.35);
        // The hour-of-day shape only shows once the rows span whole days.
        if (a.Rows >= 2 * _dailyTransactions)
        {
            var night = a.NightRows / (double)n;
            yield return Check(scope, "night_share_00_06", Share(night), "<= 0.08", night <= 0.08);
            var evening = a.EveningRows / (double)n;
            yield return Check(scope, "evening_share_18_22", Share(evening), ">= 0.18", evening >= 0.18);
        }

        yield return Check(scope, "categories_seen", a.CategoryCounts.Count, $">= {MerchantCategories.Count - 1}", a.CategoryCounts.Count >= MerchantCategories.Count - 1);
        yield return Check(scope, "states_seen", a.StateCounts.Count, ">= 15", a.StateCounts.Count >= 15);
        var top = a.StateCounts.Count == 0 ? 0 : a.StateCounts.Values.Max() / (double)n;
        yield return Check(scope, "largest_state_share", Share(top), "<= 0.40", top <= 0.40);
    }

    private static QualityCheck RateCheck(string scope, string name, long rows, long n, double configured, double meanEpisode, int maxEpisode)
    {
        var expected = configured * n;
        var tolerance = (Sigmas * Math.Sqrt(expected * meanEpisode)) + (4 * maxEpisode);
        var observed = rows / (double)n;
        return Check(scope, name, Share(observed),
            $"{configured.ToString("0.####", CultureInfo.InvariantCulture)} ± {(tolerance / n).ToString("0.####", CultureInfo.InvariantCulture)}",
            Math.Abs(rows - expected) <= tolerance);
    }

    private static QualityCheck CountCheck(string scope, string name, long observed, double expected, double meanEpisode, int maxEpisode)
    {
        var tolerance = (Sigmas * meanEpisode * Math.Sqrt(expected / meanEpisode)) + maxEpisode;
        return Check(scope, name, observed, $"{expected:F0} ± {tolerance:F0} rows", Math.Abs(observed - expected) <= tolerance);
    }

    private static double MeanEpisodeRows(IReadOnlyList<double> mix, double[] lengths) =>
        mix.Select((w, i) => w * lengths[i]).Sum() / Math.Max(mix.Sum(), 1e-12);

    private static string Share(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static QualityCheck Check(string scope, string name, object observed, string threshold, bool passed) =>
        new(scope, name, Convert.ToString(observed, CultureInfo.InvariantCulture) ?? string.Empty, threshold, passed);

    private static QualityReport Report(string scope, QualityAccumulator a, List<QualityCheck> checks)
    {
        var hours = new SortedDictionary<string, long>(a.HourCounts, StringComparer.Ordinal);
        return new QualityReport(scope, a.Rows, checks, a.AmountBuckets, a.ChannelCounts, a.CategoryCounts, hours, a.StateCounts,
            a.FraudByType, a.AnomalyByType)
        {
            Examples = a.Examples.ToArray(),
        };
    }
}
