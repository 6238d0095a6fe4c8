using System.Diagnostics;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Summary;

namespace Tributary.Reconciliation.Runs;

/// <summary>The result of a whole run: breaks ordered by id, the merged summary, and phase timings.</summary>
public sealed record RunResult(IReadOnlyList<Break> Breaks, ReconciliationSummary Summary, RunTimings Timings)
{
    /// <summary>Suggested groupings of unmatched records, surest first.</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    /// <summary>Every scored candidate, when the suggestion options asked to keep them.</summary>
    public IReadOnlyList<ScoredCandidate> Candidates { get; init; } = [];
}

/// <summary>
/// A whole reconciliation on one machine: parse both files (in parallel), split into buckets, reconcile the buckets in
/// parallel with <see cref="BucketReconciler"/>, merge, and write breaks.csv and summary.json. The durable pipeline does
/// the same steps with the planner and one activity per bucket.
/// </summary>
public static class ReconciliationRun
{
    /// <summary>Runs in memory without writing (tests, embedding).</summary>
    public static RunResult Reconcile(ReconciliationProfile profile, RecordTable left, RecordTable right, int buckets,
        DateOnly? asOf = null, IProgress<int>? bucketsDone = null, SuggestionOptions? suggestions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, ReconciliationPlanner.MaxBuckets);
        var clock = Stopwatch.StartNew();
        var (leftRows, rightRows) = SplitBuckets(left, right, buckets);
        return Reconcile(profile, left, leftRows, right, rightRows, buckets, asOf, bucketsDone, suggestions, clock);
    }

    /// <summary>
    /// Runs in memory as <see cref="Reconcile(ReconciliationProfile, RecordTable, RecordTable, int, DateOnly?, IProgress{int}?, SuggestionOptions?)"/>
    /// and hands each bucket's result to <paramref name="bucketDone"/> as soon as that bucket is reconciled, on the thread
    /// that reconciled it (so it must be thread-safe and quick): the pipeline starts storing a bucket's breaks while the
    /// other buckets are still being matched. The buckets are matched on the calling thread and dedicated threads, one per
    /// core in all, never on the thread pool's: the stores started for finished buckets need pool threads to progress,
    /// and Parallel.For would take every pool thread it can get until the last bucket is done. Call it from a dedicated
    /// thread (e.g. a <see cref="TaskCreationOptions.LongRunning"/> task).
    /// </summary>
    public static RunResult Reconcile(ReconciliationProfile profile, RecordTable left, RecordTable right, int buckets,
        Action<BucketResult> bucketDone, SuggestionOptions? suggestions = null)
    {
        ArgumentNullException.ThrowIfNull(bucketDone);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, ReconciliationPlanner.MaxBuckets);
        var clock = Stopwatch.StartNew();
        var (leftRows, rightRows) = SplitBuckets(left, right, buckets);
        return Reconcile(profile, left, leftRows, right, rightRows, buckets, null, null, suggestions, clock, bucketDone);
    }

    // Each side's rows by bucket, the two sides at once; null for one bucket.
    private static (int[][]? Left, int[][]? Right) SplitBuckets(RecordTable left, RecordTable right, int buckets)
    {
        int[][]? leftRows = null, rightRows = null;
        if (buckets > 1)
        {
            Parallel.Invoke(() => leftRows = BucketHasher.Split(left, buckets), () => rightRows = BucketHasher.Split(right, buckets));
        }

        return (leftRows, rightRows);
    }

    // With each side already split into buckets (null for one bucket).
    private static RunResult Reconcile(ReconciliationProfile profile, RecordTable left, int[][]? leftRows, RecordTable right,
        int[][]? rightRows, int buckets, DateOnly? asOf, IProgress<int>? bucketsDone, SuggestionOptions? suggestions, Stopwatch clock,
        Action<BucketResult>? bucketDone = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, ReconciliationPlanner.MaxBuckets);
        asOf ??= ReconciliationPlanner.AsOf(profile, left, right);
        // Field weights from the whole input, so every bucket judges evidence alike (suggestions independent of the bucket count).
        suggestions ??= SuggestionOptions.Default;
        var weighing = Stopwatch.StartNew();
        if (suggestions.Enabled && suggestions.Weights is null)
        {
            suggestions = suggestions with { Weights = FieldWeights.Estimate(SuggestionRoles.Of(profile), left, right) };
        }

        weighing.Stop();

        BucketResult[] results;
        if (leftRows is null || rightRows is null)
        {
            results = [BucketReconciler.Reconcile(profile, left, right, asOf, suggestions)];
            bucketDone?.Invoke(results[0]);
            bucketsDone?.Report(1);
        }
        else
        {
            var all = new BucketResult[buckets];
            var done = 0;
            void Bucket(int b)
            {
                all[b] = BucketReconciler.Reconcile(profile, left.Select(leftRows[b]), right.Select(rightRows[b]), asOf, suggestions);
                bucketDone?.Invoke(all[b]);
                bucketsDone?.Report(Interlocked.Increment(ref done));
            }

            if (bucketDone is null)
            {
                Parallel.For(0, buckets, Bucket);
            }
            else
            {
                OnOwnThreads(buckets, Bucket);
            }

            results = all;
        }

        var summary = ReconciliationSummary.Empty(profile.Name, profile.BaseCurrency, asOf);
        var breaks = new List<Break>(results.Sum(r => r.Breaks.Count));
        foreach (var result in results)
        {
            summary.Merge(result.Summary);
            breaks.AddRange(result.Breaks);
        }

        breaks.Sort((a, b) => string.CompareOrdinal(a.BreakId, b.BreakId));
        var suggested = results.SelectMany(r => r.Suggestions).ToList();
        suggested.Sort(SuggestionStep.Compare);
        return new RunResult(breaks, summary, new RunTimings(TimeSpan.Zero, clock.Elapsed, TimeSpan.Zero)
        {
            Suggest = weighing.Elapsed + TimeSpan.FromTicks(results.Sum(r => r.SuggestionTime.Ticks)),
        })
        {
            Suggestions = suggested,
            Candidates = results.SelectMany(r => r.Candidates).ToList(),
        };
    }

    // Runs work(0..count-1) on the calling thread and dedicated threads, one per core in all, each taking the next index;
    // the first failure is rethrown once every thread has stopped (as Parallel.For would, wrapped the same way).
    private static void OnOwnThreads(int count, Action<int> work)
    {
        var next = -1;
        void Loop()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                work(i);
            }
        }

        var others = Enumerable.Range(1, Math.Min(count, Environment.ProcessorCount) - 1)
            .Select(_ => Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Exception? mine = null;
        try
        {
            Loop();
        }
        catch (Exception e)
        {
            mine = e;
            Interlocked.Exchange(ref next, count); // the others stop after their current bucket
        }

        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException e) when (mine is null)
        {
            throw new AggregateException(e.InnerExceptions);
        }
        catch (AggregateException)
        {
        }

        if (mine is not null)
        {
            throw new AggregateException(mine);
        }
    }

    /// <summary>Reads both files, reconciles, and writes breaks.csv, suggestions.csv and summary.json into <paramref name="outDir"/>.</summary>
    public static RunResult Execute(ReconciliationProfile profile, string leftPath, string rightPath, string outDir, int buckets,
        IProgress<string>? phase = null, IProgress<int>? bucketsDone = null, SuggestionOptions? suggestions = null)
    {
        var clock = Stopwatch.StartNew();
        phase?.Report("parse");
        // Each side is read and split into buckets on its own core; the two sides are independent until matching.
        var leftTask = Task.Run(() => Read(leftPath, profile, RecordSide.Left, buckets));
        var (right, rightRows) = Read(rightPath, profile, RecordSide.Right, buckets);
        var (left, leftRows) = leftTask.GetAwaiter().GetResult();
        var parse = clock.Elapsed;

        phase?.Report("match");
        var result = Reconcile(profile, left, leftRows, right, rightRows, buckets, null, bucketsDone, suggestions, Stopwatch.StartNew());

        phase?.Report("write");
        clock.Restart();
        Directory.CreateDirectory(outDir);
        BreakCsvWriter.WriteFile(Path.Combine(outDir, "breaks.csv"), result.Breaks);
        SuggestionCsvWriter.WriteFile(Path.Combine(outDir, "suggestions.csv"), result.Suggestions);
        SummaryJson.WriteFile(Path.Combine(outDir, "summary.json"), result.Summary);
        var write = clock.Elapsed;
        return result with { Timings = new RunTimings(parse, result.Timings.Match, write) { Suggest = result.Timings.Suggest } };
    }

    private static (RecordTable Table, int[][]? Buckets) Read(string path, ReconciliationProfile profile, RecordSide side, int buckets)
    {
        var table = CsvRecordReader.ReadFile(path, profile, side);
        // An out-of-range count is refused by Reconcile, after the inputs were read, as before.
        return (table, buckets is > 1 and <= ReconciliationPlanner.MaxBuckets ? BucketHasher.Split(table, buckets) : null);
    }
}
