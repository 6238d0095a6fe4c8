using System.Collections;
using System.Globalization;
using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Quality;

/// <summary>
/// Tallies rows for the quality report: nulls, invalid values, out-of-range values, duplicate ids (a bitmap over the
/// run's id range, so memory is one bit per row), label consistency and the distributions. Accumulators of batches
/// merge into the run's.
/// </summary>
public sealed class QualityAccumulator
{
    /// <summary>Amount buckets in rupees, upper bounds exclusive.</summary>
    public static readonly (string Name, double Upper)[] AmountBucketBounds =
        [("a_<100", 100), ("b_100-500", 500), ("c_500-2k", 2_000), ("d_2k-10k", 10_000), ("e_10k-50k", 50_000), ("f_>=50k", double.MaxValue)];

    private static readonly HashSet<string> ChannelNames = [.. Channels.Names];
    private static readonly Dictionary<string, int> CategoryMcc = MerchantCategories.All.ToDictionary(c => c.Name, c => c.Mcc);
    private static readonly HashSet<string> StatusNames = [.. TransactionNames.Statuses];
    private static readonly HashSet<string> DeviceNames = [.. TransactionNames.DeviceTypes];
    private static readonly HashSet<string> StateNames = [.. Cities.States];

    private readonly long _firstId;
    private readonly long _idCount;
    private readonly BitArray _seen;
    private readonly long _firstUnix;
    private readonly long _lastUnix;

    public long Rows { get; private set; }
    public long NullValues { get; private set; }
    public long InvalidValues { get; private set; }
    public long OutOfRange { get; private set; }
    public long DuplicateIds { get; private set; }
    public long LabelMismatches { get; private set; }
    public long NightRows { get; private set; }
    public long EveningRows { get; private set; }
    public long SmallAmounts { get; private set; }

    /// <summary>First problems found (file, line, field, problem), capped at 20, for the user to look at.</summary>
    public List<string> Examples { get; } = [];

    public SortedDictionary<string, long> AmountBuckets { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> ChannelCounts { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> CategoryCounts { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> HourCounts { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> StateCounts { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> FraudByType { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> AnomalyByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Prepares for rows whose ids lie in [<paramref name="firstId"/>, firstId + <paramref name="idCount"/>) and times in the given Unix range.</summary>
    public QualityAccumulator(long firstId, long idCount, long firstUnix, long lastUnix)
    {
        _firstId = firstId;
        _idCount = idCount;
        _seen = new BitArray((int)Math.Min(idCount, int.MaxValue));
        _firstUnix = firstUnix;
        _lastUnix = lastUnix;
    }

    /// <summary>Checks and counts one row; <paramref name="index"/> maps base column names to value positions.</summary>
    public void Add(string file, FileRow row, IReadOnlyDictionary<string, int> index)
    {
        Rows++;
        if (row.Values.Length != index.Count)
        {
            // A shifted row would put values under the wrong columns: it counts as invalid and is not checked further.
            InvalidValues++;
            if (Examples.Count < 20)
            {
                Examples.Add($"{file}:{row.Line}: {row.Values.Length} fields, but the header has {index.Count}");
            }

            return;
        }

        string? Get(string column) => index.TryGetValue(column, out var i) && i < row.Values.Length ? row.Values[i] : null;

        foreach (var column in TransactionSchema.BaseColumns)
        {
            if (string.IsNullOrEmpty(Get(column.Name)) && column.Name is not ("fraud_type" or "anomaly_type"))
            {
                NullValues++;
                Note(file, row.Line, column.Name, "is empty");
            }
        }

        var id = Get("transaction_id");
        if (id is { Length: 13 } && id[0] == 'T' && long.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            number -= _firstId;
            if (number < 0 || number >= _idCount || number >= int.MaxValue)
            {
                Bad(file, row.Line, "transaction_id", $"'{id}' is outside the expected id range", outOfRange: true);
            }
            else if (_seen[(int)number])
            {
                DuplicateIds++;
                Note(file, row.Line, "transaction_id", $"'{id}' appears twice");
            }
            else
            {
                _seen[(int)number] = true;
            }
        }
        else if (!string.IsNullOrEmpty(id))
        {
            Bad(file, row.Line, "transaction_id", $"'{id}' is not T + 12 digits");
        }

        var timestamp = Get("timestamp");
        if (DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
        {
            var unix = when.ToUnixTimeSeconds();
            if (unix < _firstUnix || unix > _lastUnix)
            {
                Bad(file, row.Line, "timestamp", $"'{timestamp}' is outside the run's time window", outOfRange: true);
            }

            var hour = when.ToOffset(TimeSpan.FromSeconds(MarketCalendar.IstOffsetSeconds)).Hour;
            Count(HourCounts, hour.ToString("D2", CultureInfo.InvariantCulture));
            NightRows += hour < 6 ? 1 : 0;
            EveningRows += hour is >= 18 and < 22 ? 1 : 0;
        }
        else if (!string.IsNullOrEmpty(timestamp))
        {
            Bad(file, row.Line, "timestamp", $"'{timestamp}' is not an ISO 8601 IST time");
        }

        var amountText = Get("amount_inr");
        if (double.TryParse(amountText, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount))
        {
            if (amount <= 0 || amount > 500_000)
            {
                Bad(file, row.Line, "amount_inr", $"{amountText} is outside (0, 500000]", outOfRange: true);
            }

            SmallAmounts += amount < 500 ? 1 : 0;
            Count(AmountBuckets, AmountBucketBounds.First(b => amount < b.Upper).Name);
        }
        else if (!string.IsNullOrEmpty(amountText))
        {
            Bad(file, row.Line, "amount_inr", $"'{amountText}' is not a number");
        }

        Categorical(file, row.Line, "channel", Get("channel"), ChannelNames, ChannelCounts);
        Categorical(file, row.Line, "status", Get("status"), StatusNames, null);
        Categorical(file, row.Line, "device_type", Get("device_type"), DeviceNames, null);
        Categorical(file, row.Line, "state", Get("state"), StateNames, StateCounts);
        var category = Get("category");
        if (category is not null && CategoryMcc.TryGetValue(category, out var mcc))
        {
            Count(CategoryCounts, category);
            if (Get("mcc") != mcc.ToString(CultureInfo.InvariantCulture))
            {
                Bad(file, row.Line, "mcc", $"'{Get("mcc")}' is not the MCC of {category} ({mcc})");
            }
        }
        else if (!string.IsNullOrEmpty(category))
        {
            Bad(file, row.Line, "category", $"'{category}' is not a known category");
        }

        Coordinate(file, row.Line, "latitude", Get("latitude"), 6, 37);
        Coordinate(file, row.Line, "longitude", Get("longitude"), 68, 98);
        Label(file, row.Line, "is_fraud", "fraud_type", Get("is_fraud"), Get("fraud_type"),
            t => FraudCatalog.TryParse(t, out _), FraudByType);
        Label(file, row.Line, "is_anomaly", "anomaly_type", Get("is_anomaly"), Get("anomaly_type"),
            t => AnomalyCatalog.TryParse(t, out _), AnomalyByType);
    }

    /// <summary>Adds another accumulator's distributions and counts (batch → run). Duplicate ids across files are found by sharing one accumulator instead.</summary>
    public void Merge(QualityAccumulator other)
    {
        Rows += other.Rows;
        NullValues += other.NullValues;
        InvalidValues += other.InvalidValues;
        OutOfRange += other.OutOfRange;
        DuplicateIds += other.DuplicateIds;
        LabelMismatches += other.LabelMismatches;
        NightRows += other.NightRows;
        EveningRows += other.EveningRows;
        SmallAmounts += other.SmallAmounts;
        foreach (var (target, source) in new[]
                 {
                     (AmountBuckets, other.AmountBuckets), (ChannelCounts, other.ChannelCounts), (CategoryCounts, other.CategoryCounts),
                     (HourCounts, other.HourCounts), (StateCounts, other.StateCounts), (FraudByType, other.FraudByType),
                     (AnomalyByType, other.AnomalyByType),
                 })
        {
            foreach (var (k, v) in source)
            {
                target[k] = target.GetValueOrDefault(k) + v;
            }
        }

        foreach (var e in other.Examples.Take(20 - Examples.Count))
        {
            Examples.Add(e);
        }
    }

    private void Categorical(string file, long line, string column, string? value, HashSet<string> allowed, SortedDictionary<string, long>? counts)
    {
        if (value is not null && allowed.Contains(value))
        {
            if (counts is not null)
            {
                Count(counts, value);
            }
        }
        else if (!string.IsNullOrEmpty(value))
        {
            Bad(file, line, column, $"'{value}' is not an allowed value");
        }
    }

    private void Coordinate(string file, long line, string column, string? text, double min, double max)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            if (v < min || v > max)
            {
                Bad(file, line, column, $"{text} is outside India ({min}..{max})", outOfRange: true);
            }
        }
        else if (!string.IsNullOrEmpty(text))
        {
            Bad(file, line, column, $"'{text}' is not a number");
        }
    }

    private void Label(string file, long line, string flagColumn, string typeColumn, string? flag, string? type, Func<string, bool> known, SortedDictionary<string, long> counts)
    {
        if (flag is not ("0" or "1"))
        {
            if (!string.IsNullOrEmpty(flag))
            {
                Bad(file, line, flagColumn, $"'{flag}' is not 0 or 1");
            }

            return;
        }

        type ??= string.Empty;
        if (!known(type))
        {
            Bad(file, line, typeColumn, $"'{type}' is not a known pattern");
            return;
        }

        if ((flag == "1") != (type.Length > 0))
        {
            LabelMismatches++;
            Note(file, line, typeColumn, $"{flagColumn}={flag} but {typeColumn}='{type}'");
            return;
        }

        if (type.Length > 0)
        {
            Count(counts, type);
        }
    }

    private void Bad(string file, long line, string column, string problem, bool outOfRange = false)
    {
        if (outOfRange)
        {
            OutOfRange++;
        }
        else
        {
            InvalidValues++;
        }

        Note(file, line, column, problem);
    }

    private void Note(string file, long line, string column, string problem)
    {
        if (Examples.Count < 20)
        {
            Examples.Add($"{file}:{line}: field '{column}': {problem}");
        }
    }

    private static void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
