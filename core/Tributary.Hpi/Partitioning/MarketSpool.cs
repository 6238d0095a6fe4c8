using Tributary.Hpi.Input;

namespace Tributary.Hpi.Partitioning;

/// <summary>A dataset split by CBSA on disk rather than in memory: transactions are streamed once into temp files by
/// property, pairs are built one property bucket at a time and spilled by CBSA, and <see cref="Load"/> reads one CBSA's
/// market. Memory is bounded by the largest bucket or CBSA, not the nation. Deletes its files when disposed.</summary>
/// <remarks>Each market equals the one <see cref="MarketSplitter"/> builds from the same input, bit for bit (same tracts,
/// measures, and pairs in the same order), so indices do not depend on which split was used.</remarks>
public sealed class MarketSpool : IDisposable
{
    /// <summary>Input bytes per property bucket: a bucket's pair building holds a few times this in scratch, so memory follows
    /// this constant (and the largest CBSA), not the size of the nation.</summary>
    public const long BytesPerBucket = 16L << 20;

    /// <summary>Buckets when the input's length is unknown (a stream that cannot seek and no hint).</summary>
    public const int DefaultBuckets = 64;

    private const int MaxBuckets = 4096;

    private readonly CbsaLayout _layout;
    private readonly List<TractYearMeasure>[] _tractYears;
    private readonly CbsaPairSpool _pairs;
    private readonly string _directory;

    private MarketSpool(CbsaLayout layout, List<TractYearMeasure>[] tractYears, CbsaPairSpool pairs, string directory, long transactions, long across,
        (int First, int Last)? pairYears, TimeSpan parse, TimeSpan pairing)
    {
        PairYears = pairYears;
        ParseTime = parse;
        PairTime = pairing;
        _layout = layout;
        _tractYears = tractYears;
        _pairs = pairs;
        _directory = directory;
        Transactions = transactions;
        PairsAcrossTracts = across;
        CbsaCodes = Enumerable.Range(0, layout.Count).Select(c => layout.Tracts(c)[0].CbsaCode).ToArray();
    }

    /// <summary>CBSA codes in order (the order of <see cref="MarketSplitter"/>'s markets).</summary>
    public IReadOnlyList<string> CbsaCodes { get; }

    /// <summary>Number of CBSAs.</summary>
    public int Count => CbsaCodes.Count;

    /// <summary>Accepted transaction rows.</summary>
    public long Transactions { get; }

    /// <summary>Consecutive sales of one property recorded in two tracts (no pair formed).</summary>
    public long PairsAcrossTracts { get; }

    /// <summary>The year of the earliest sale and of the latest resale among all pairs (before filters), or null without
    /// pairs: what a base year is checked against before any CBSA is computed.</summary>
    public (int First, int Last)? PairYears { get; }

    /// <summary>Wall time of the streaming pass: parse and spill rows by property.</summary>
    public TimeSpan ParseTime { get; }

    /// <summary>Wall time of pair building: one property bucket at a time, pairs spilled by CBSA.</summary>
    public TimeSpan PairTime { get; }

    /// <summary>Pairs (before filters) of CBSA <paramref name="c"/>.</summary>
    public long PairCount(int c) => _pairs.Count(c);

    /// <summary>Streams a transactions file (CSV, or Parquet when the name ends in .parquet) into a spool.</summary>
    /// <param name="directory">Where temp files go (a new folder is made inside); default: the system temp folder.</param>
    /// <param name="progress">Gets the input bytes consumed so far.</param>
    /// <param name="length">The input's size when the stream cannot tell (a blob download), to size the buckets.</param>
    /// <param name="buckets">Property buckets; default: one per <see cref="BytesPerBucket"/> of input (tests set it to force many).</param>
    public static MarketSpool Create(Stream transactions, string file, TractCatalog tracts, IReadOnlyList<TractYearMeasure> tractYears,
        bool skipInvalid, RejectLog rejects, string? directory = null, Action<long>? progress = null, long? length = null, int? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (!tracts.IsDeclared)
        {
            // The CBSA layout is fixed before the rows are read, so tracts cannot be inferred from them here.
            throw new ArgumentException("a spool needs the tracts file (a declared catalog)", nameof(tracts));
        }

        var folder = Path.Combine(directory ?? Path.GetTempPath(), $"tributary-hpi-spool-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var layout = new CbsaLayout(tracts);
            long rows;
            IReadOnlyList<string> bucketPaths;
            var bytes = transactions.CanSeek ? transactions.Length : length;
            var count = buckets ?? (bytes is { } b ? (int)Math.Clamp(b / BytesPerBucket + 1, 1, MaxBuckets) : DefaultBuckets);
            ArgumentOutOfRangeException.ThrowIfNotEqual(count is >= 1 and <= MaxBuckets, true, nameof(buckets));
            using (var spill = new PropertyBuckets(folder, count))
            {
                rows = TransactionFiles.Read(transactions, file, tracts, skipInvalid, rejects, spill.Prepare, (_, batch) => spill.Commit(batch), progress);
                bucketPaths = spill.Paths;
            }

            var parse = clock.Elapsed;
            var pairs = new CbsaPairSpool(folder, layout.Count);
            long across = 0;
            int firstDay = int.MaxValue, lastDay = int.MinValue;
            var gate = new object();
            // One bucket per core: each holds a few hundred MB of scratch, and an unbounded loop lets the pool add workers.
            Parallel.ForEach(bucketPaths, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
            {
                var built = BucketPairBuilder.Build(path, file, layout, pairs);
                lock (gate)
                {
                    across += built.Across;
                    firstDay = Math.Min(firstDay, built.FirstDay);
                    lastDay = Math.Max(lastDay, built.LastDay);
                }

                File.Delete(path);
            });
            pairs.Dispose();
            (int, int)? years = firstDay <= lastDay ? (DateOnly.FromDayNumber(firstDay).Year, DateOnly.FromDayNumber(lastDay).Year) : null;
            return new MarketSpool(layout, layout.TractYears(tractYears), pairs, folder, rows, across, years, parse, clock.Elapsed - parse);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Opens a transactions file and spools it (see the stream overload).</summary>
    public static MarketSpool Create(string transactionsPath, TractCatalog tracts, IReadOnlyList<TractYearMeasure> tractYears, bool skipInvalid,
        RejectLog rejects, string? directory = null, Action<long, long>? progress = null, int? buckets = null)
    {
        using var stream = File.OpenRead(transactionsPath);
        var length = stream.Length;
        return Create(stream, transactionsPath, tracts, tractYears, skipInvalid, rejects, directory, progress is null ? null : read => progress(read, length),
            buckets: buckets);
    }

    /// <summary>CBSA <paramref name="c"/>'s market, read from its spill file (thread-safe).</summary>
    public CbsaMarket Load(int c) => new(CbsaCodes[c], _layout.Tracts(c), _tractYears[c], _pairs.Load(c));

    /// <summary>Deletes the temp files.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
