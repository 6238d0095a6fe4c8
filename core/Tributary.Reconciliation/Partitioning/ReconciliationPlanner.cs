using Tributary.Abstractions.Performance;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// The pipeline's plan step: reads and validates both inputs, then stages each side's records per bucket as
/// <see cref="BucketFile"/>s: the parsed columns, with each row's record number in the input, so a partition neither
/// parses CSV again nor names the bucket's rows instead of the input's. Each bucket is then reconciled alone by
/// <see cref="Matching.BucketReconciler.Reconcile(ReconciliationProfile, RecordTable, RecordTable, DateOnly?, Suggestions.SuggestionOptions)"/>.
/// </summary>
public static class ReconciliationPlanner
{
    /// <summary>Upper bound on buckets: a run fans out one activity per bucket.</summary>
    public const int MaxBuckets = 4096;

    /// <summary>
    /// The most input bytes (both CSVs together) a run reconciles in one direct partition, which reads the inputs itself
    /// instead of the plan staging bucket files (only when the run names no bucket count). `recon run` peaked at 627 MB of
    /// memory for 1M trades a side (178 MB of CSV) and 1.17 GB for 2M (355 MB); the direct partition holds the same (the CSV
    /// bytes included) plus the documents it writes and its host's own memory, so 256 MiB (about 1.4M trades a side) keeps it near 1 GB, well under a 2 GB Flex
    /// Consumption instance that may run other activities beside it.
    /// </summary>
    public const long MaxDirectInputBytes = Tributary.Abstractions.Performance.PartitionSizing.MaxDirectInputBytes;

    /// <summary>
    /// Partitions both inputs. <paramref name="openBucket"/> gives the stream to write bucket <c>b</c> of a side to
    /// (a <see cref="BucketFile"/>); it is called once per bucket and side, also for empty buckets, and disposed after.
    /// Throws <see cref="Tributary.Abstractions.Input.InvalidInputException"/> for bad input before writing anything.
    /// With <paramref name="weighSuggestions"/>, the plan carries the suggestion field weights of the whole inputs.
    /// </summary>
    public static PartitionPlan Plan(ReconciliationProfile profile, Stream left, string leftName, Stream right, string rightName,
        int buckets, Func<int, RecordSide, Stream> openBucket, bool weighSuggestions = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, MaxBuckets);
        var leftTable = CsvRecordReader.Read(left, profile, RecordSide.Left, leftName);
        var rightTable = CsvRecordReader.Read(right, profile, RecordSide.Right, rightName);
        CsvRecordReader.RequireRows(leftTable, leftName);
        CsvRecordReader.RequireRows(rightTable, rightName);

        var leftCounts = Write(leftTable, buckets, RecordSide.Left, openBucket);
        var rightCounts = Write(rightTable, buckets, RecordSide.Right, openBucket);
        var weights = weighSuggestions && profile.Suggestions.Enabled
            ? Suggestions.FieldWeights.Estimate(Suggestions.SuggestionRoles.Of(profile), leftTable, rightTable)
            : null;
        return new PartitionPlan(profile.Name, buckets, leftCounts, rightCounts, AsOf(profile, leftTable, rightTable)) { Weights = weights };
    }

    /// <summary>The bucket count for a run that names none, from the records of its larger side (<see cref="PartitionSizing"/>).</summary>
    public static int DefaultBuckets(long records) => PartitionSizing.For(records);

    /// <summary>
    /// Parses both inputs, each as soon as its bytes have arrived and each on its own core, so one side's parse overlaps the
    /// other's download. Errors as <see cref="Plan"/>: the left side's first, and nothing is staged before both are valid.
    /// </summary>
    public static Task<(RecordTable Left, RecordTable Right)> ParseAsync(ReconciliationProfile profile, Task<byte[]> left, string leftName,
        Task<byte[]> right, string rightName)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return BothSidesAsync(ParseWhenReadAsync(profile, left, RecordSide.Left, leftName), ParseWhenReadAsync(profile, right, RecordSide.Right, rightName));
    }

    /// <summary>
    /// Parses both inputs while they are still arriving (each on a thread of its own, waiting for its download where it
    /// catches up with it): the same tables and errors as parsing the whole files. A download's failure wins over what its
    /// parse found (a file replaced mid-read is reported as such, not as the bad rows of a mix of two versions); the left
    /// side's error over the right's.
    /// </summary>
    public static Task<(RecordTable Left, RecordTable Right)> ParseAsync(ReconciliationProfile profile, Task<ArrivingBytes> left, string leftName,
        Task<ArrivingBytes> right, string rightName)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return BothSidesAsync(ParseAsItArrivesAsync(profile, left, RecordSide.Left, leftName), ParseAsItArrivesAsync(profile, right, RecordSide.Right, rightName));
    }

    // Both sides' tables once both parses have ended; if both failed, the left side's error is the one reported, as in the
    // order of the sequential plan.
    private static async Task<(RecordTable Left, RecordTable Right)> BothSidesAsync(Task<RecordTable> leftTable, Task<RecordTable> rightTable)
    {
        try
        {
            await Task.WhenAll(leftTable, rightTable).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported below, the left side's first.
        }

        return (await leftTable.ConfigureAwait(false), await rightTable.ConfigureAwait(false));
    }

    /// <summary>
    /// Stages parsed inputs as <see cref="Plan"/> does, for the pipeline: every bucket file is encoded on every core and handed
    /// to <paramref name="stage"/> (an upload) as soon as it is encoded, so encoding overlaps the uploads; returns once every
    /// <paramref name="stage"/> task has completed. <paramref name="stage"/> must be safe to call from several threads.
    /// </summary>
    public static async Task<PartitionPlan> StageAsync(ReconciliationProfile profile, RecordTable left, RecordTable right, int buckets,
        Func<int, RecordSide, byte[], Task> stage, bool weighSuggestions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, MaxBuckets);
        var rows = new[] { BucketHasher.Split(left, buckets), BucketHasher.Split(right, buckets) };
        var tables = new[] { left, right };
        var files = Enumerable.Range(0, 2 * buckets).Select(i => (Side: i / buckets, Bucket: i % buckets)).ToArray();
        var staged = new Task[files.Length];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Length), new ParallelOptions { CancellationToken = cancellationToken }, (i, _) =>
            {
                var (side, bucket) = files[i];
                var encoded = BucketFile.Encode(tables[side], rows[side][bucket]);
                staged[i] = stage(bucket, side == 0 ? RecordSide.Left : RecordSide.Right, encoded);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        }
        finally
        {
            // No upload outlives the step, whether encoding finished or failed.
            await Task.WhenAll(staged.Where(t => t is not null)).ConfigureAwait(false);
        }

        var weights = weighSuggestions && profile.Suggestions.Enabled
            ? Suggestions.FieldWeights.Estimate(Suggestions.SuggestionRoles.Of(profile), left, right)
            : null;
        return new PartitionPlan(profile.Name, buckets, rows[0].Select(r => (long)r.Length).ToArray(), rows[1].Select(r => (long)r.Length).ToArray(),
            AsOf(profile, left, right)) { Weights = weights };
    }

    private static async Task<RecordTable> ParseAsItArrivesAsync(ReconciliationProfile profile, Task<ArrivingBytes> arriving, RecordSide side, string name)
    {
        var input = await arriving.ConfigureAwait(false);
        // A thread of its own: the parse blocks while it waits for bytes, and the download's I/O needs the pool meanwhile.
        var parse = Task.Factory.StartNew(() => CsvRecordReader.RequireRows(CsvRecordReader.Read(input, profile, side, name), name),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await parse.ConfigureAwait(false);
        }
        catch (Exception)
        {
            await input.Completion.ConfigureAwait(false); // the download's own failure, if it failed
            throw;
        }

        await input.Completion.ConfigureAwait(false); // the input ended where expected
        return await parse.ConfigureAwait(false);
    }

    private static async Task<RecordTable> ParseWhenReadAsync(ReconciliationProfile profile, Task<byte[]> data, RecordSide side, string name)
    {
        var bytes = await data.ConfigureAwait(false);
        return await Task.Run(() => CsvRecordReader.RequireRows(CsvRecordReader.Read(bytes, profile, side, name, rowRanges: false).Table, name)).ConfigureAwait(false);
    }

    /// <summary>The latest ageing date of either side, or null when the profile does not age breaks or there are no records.</summary>
    public static DateOnly? AsOf(ReconciliationProfile profile, RecordTable left, RecordTable right)
    {
        if (profile.AgeingDateField is not { } field)
        {
            return null;
        }

        var latest = int.MinValue;
        foreach (var table in new[] { left, right })
        {
            if (!table.Has(field.Index))
            {
                continue;
            }

            for (var row = 0; row < table.Count; row++)
            {
                latest = Math.Max(latest, table.Day(field.Index, row));
            }
        }

        return latest == int.MinValue ? null : DateOnly.FromDayNumber(latest);
    }

    private static long[] Write(RecordTable table, int buckets, RecordSide side, Func<int, RecordSide, Stream> openBucket)
    {
        var rows = BucketHasher.Split(table, buckets);
        // Encoded (deflated) on every core, since the plan is on every run's critical path; written one by one, as
        // openBucket need not be thread-safe. Encoded buckets are a fraction of the input already held in memory.
        var encoded = new byte[buckets][];
        Parallel.For(0, buckets, b => encoded[b] = BucketFile.Encode(table, rows[b]));
        var counts = new long[buckets];
        for (var b = 0; b < buckets; b++)
        {
            using var stream = openBucket(b, side);
            stream.Write(encoded[b]);
            counts[b] = rows[b].Length;
        }

        return counts;
    }
}
