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
