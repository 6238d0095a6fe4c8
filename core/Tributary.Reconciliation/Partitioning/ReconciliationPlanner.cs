using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// The pipeline's plan step: reads and validates both inputs, then writes each side's records into per-bucket CSV files
/// (the input's own header and raw rows, so a bucket file reads back with the same profile). Each bucket is then
/// reconciled alone by <see cref="Matching.BucketReconciler.ReconcileStreams"/>.
/// </summary>
public static class ReconciliationPlanner
{
    /// <summary>Upper bound on buckets: a run fans out one activity per bucket.</summary>
    public const int MaxBuckets = 4096;

    /// <summary>
    /// Partitions both inputs. <paramref name="openBucket"/> gives the stream to write bucket <c>b</c> of a side to
    /// (e.g. a blob upload stream); it is called once per bucket and side, also for empty buckets, and disposed after.
    /// Throws <see cref="Tributary.Abstractions.Input.InvalidInputException"/> for bad input before writing anything.
    /// <paramref name="openRecordNumbers"/>, when given, receives each bucket file's record numbers in the input
    /// (<see cref="RecordNumbers"/>), for <see cref="Matching.BucketReconciler.ReconcileStreams"/>. With
    /// <paramref name="weighSuggestions"/>, the plan carries the suggestion field weights of the whole inputs.
    /// </summary>
    public static PartitionPlan Plan(ReconciliationProfile profile, Stream left, string leftName, Stream right, string rightName,
        int buckets, Func<int, RecordSide, Stream> openBucket, Func<int, RecordSide, Stream>? openRecordNumbers = null, bool weighSuggestions = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, MaxBuckets);
        var leftBytes = CsvRecordReader.ReadAll(left, leftName);
        var rightBytes = CsvRecordReader.ReadAll(right, rightName);
        var leftInput = CsvRecordReader.Read(leftBytes, profile, RecordSide.Left, leftName);
        var rightInput = CsvRecordReader.Read(rightBytes, profile, RecordSide.Right, rightName);
        CsvRecordReader.RequireRows(leftInput.Table, leftName);
        CsvRecordReader.RequireRows(rightInput.Table, rightName);

        var leftCounts = Write(leftBytes, leftInput, buckets, RecordSide.Left, openBucket, openRecordNumbers);
        var rightCounts = Write(rightBytes, rightInput, buckets, RecordSide.Right, openBucket, openRecordNumbers);
        var weights = weighSuggestions && profile.Suggestions.Enabled
            ? Suggestions.FieldWeights.Estimate(Suggestions.SuggestionRoles.Of(profile), leftInput.Table, rightInput.Table)
            : null;
        return new PartitionPlan(profile.Name, buckets, leftCounts, rightCounts, AsOf(profile, leftInput.Table, rightInput.Table)) { Weights = weights };
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

    private static long[] Write(byte[] data, CsvRecordReader.ParsedInput input, int buckets, RecordSide side,
        Func<int, RecordSide, Stream> openBucket, Func<int, RecordSide, Stream>? openRecordNumbers)
    {
        var rows = BucketHasher.Split(input.Table, buckets);
        var counts = new long[buckets];
        for (var b = 0; b < buckets; b++)
        {
            using var stream = openBucket(b, side);
            stream.Write(data, 0, input.HeaderLength);
            if (input.HeaderLength > 0 && data[input.HeaderLength - 1] != '\n')
            {
                stream.WriteByte((byte)'\n');
            }

            foreach (var row in rows[b])
            {
                var start = input.RowStart[row];
                var end = input.RowEnd[row];
                stream.Write(data, start, end - start);
                if (data[end - 1] != '\n')
                {
                    stream.WriteByte((byte)'\n'); // the input's last row had no line break
                }
            }

            counts[b] = rows[b].Length;
            if (openRecordNumbers is not null)
            {
                using var numbers = openRecordNumbers(b, side);
                RecordNumbers.Write(numbers, rows[b].Select(input.Table.Record));
            }
        }

        return counts;
    }
}
