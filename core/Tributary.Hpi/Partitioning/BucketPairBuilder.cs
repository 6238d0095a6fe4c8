using System.Buffers.Binary;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Partitioning;

/// <summary>Builds the repeat-sales pairs of one property bucket (every sale of its properties) and spills them by CBSA.
/// Pairs are formed exactly as <see cref="MarketSplitter"/> forms them: sales ordered by (property, day, file order),
/// consecutive sales in one tract make a pair, consecutive sales in two tracts are counted and dropped.</summary>
internal static class BucketPairBuilder
{
    /// <summary>The largest number of sales of one property (the pair order key keeps 24 bits for it).</summary>
    public const int MaxSalesPerProperty = (1 << 24) - 1;

    /// <summary>Builds and spills the bucket's pairs. Returns the consecutive sales recorded in different tracts and the
    /// earliest first-sale day and latest second-sale day of its pairs (int.MaxValue and int.MinValue without pairs).</summary>
    public static (long Across, int FirstDay, int LastDay) Build(string bucketPath, string file, CbsaLayout layout, CbsaPairSpool spool)
    {
        using var pool = new PooledArrays();
        var bytes = pool.ReadFile(bucketPath, out var length);
        var n = 0;
        for (var at = 0; at < length; at += PropertyBuckets.FixedBytes + bytes[at + 24])
        {
            n++;
        }

        var offset = pool.Rent<int>(n);
        for (int i = 0, at = 0; i < n; i++, at += PropertyBuckets.FixedBytes + bytes[at + 24])
        {
            offset[i] = at;
        }

        var property = Intern(bytes, offset, n, pool, out var properties, out var firstRecord);
        var order = GroupByProperty(bytes, offset, property, n, properties, pool, out var start);

        var cbsaOf = layout.CbsaOf;
        long across = 0;
        int firstDay = int.MaxValue, lastDay = int.MinValue;
        var perCbsa = new int[layout.Count];
        var buffer = pool.Rent<byte>(n * CbsaPairSpool.RecordBytes);
        var cbsaOfPair = pool.Rent<int>(n);
        var pairs = 0;
        for (var p = 0; p < properties; p++)
        {
            var first = Line(bytes, offset[firstRecord[p]]);
            if (start[p + 1] - start[p] > MaxSalesPerProperty)
            {
                throw new InvalidInputException(new InputError(file, first, Input.TransactionReader.Columns[0], $"property has more than {MaxSalesPerProperty} sales"));
            }

            for (var k = start[p] + 1; k < start[p + 1]; k++)
            {
                var a = bytes.AsSpan(offset[order[k - 1]]);
                var b = bytes.AsSpan(offset[order[k]]);
                var tract = BinaryPrimitives.ReadInt32LittleEndian(b[12..]);
                if (BinaryPrimitives.ReadInt32LittleEndian(a[12..]) != tract)
                {
                    across++;
                    continue;
                }

                var record = buffer.AsSpan(pairs * CbsaPairSpool.RecordBytes, CbsaPairSpool.RecordBytes);
                var (saleDay, resaleDay) = (BinaryPrimitives.ReadInt32LittleEndian(a[8..]), BinaryPrimitives.ReadInt32LittleEndian(b[8..]));
                firstDay = Math.Min(firstDay, saleDay);
                lastDay = Math.Max(lastDay, resaleDay);
                BinaryPrimitives.WriteInt64LittleEndian(record, (first << 24) | (long)(k - start[p]));
                BinaryPrimitives.WriteInt32LittleEndian(record[8..], layout.LocalOf[tract]);
                BinaryPrimitives.WriteInt32LittleEndian(record[12..], saleDay);
                BinaryPrimitives.WriteInt32LittleEndian(record[16..], resaleDay);
                a.Slice(16, 8).CopyTo(record[20..]);
                b.Slice(16, 8).CopyTo(record[28..]);
                cbsaOfPair[pairs] = cbsaOf[tract];
                perCbsa[cbsaOf[tract]]++;
                pairs++;
            }
        }

        // Group the records by CBSA (stable, so key order within a CBSA is kept) and append each CBSA's run in one write.
        var at2 = new int[layout.Count + 1];
        for (var c = 0; c < layout.Count; c++)
        {
            at2[c + 1] = at2[c] + perCbsa[c];
        }

        var grouped = pool.Rent<byte>(pairs * CbsaPairSpool.RecordBytes);
        var fill = at2[..layout.Count];
        for (var i = 0; i < pairs; i++)
        {
            buffer.AsSpan(i * CbsaPairSpool.RecordBytes, CbsaPairSpool.RecordBytes).CopyTo(grouped.AsSpan(fill[cbsaOfPair[i]]++ * CbsaPairSpool.RecordBytes));
        }

        for (var c = 0; c < layout.Count; c++)
        {
            if (perCbsa[c] > 0)
            {
                spool.Append(c, grouped.AsSpan(at2[c] * CbsaPairSpool.RecordBytes, perCbsa[c] * CbsaPairSpool.RecordBytes));
            }
        }

        return (across, firstDay, lastDay);
    }

    private static long Line(byte[] bytes, int at) => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at));

    private static int Day(byte[] bytes, int at) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 8));

    private static ReadOnlySpan<byte> Id(byte[] bytes, int at) => bytes.AsSpan(at + PropertyBuckets.FixedBytes, bytes[at + 24]);

    /// <summary>A dense property number per record, in order of first appearance (records are in file order).</summary>
    private static int[] Intern(byte[] bytes, int[] offset, int n, PooledArrays pool, out int count, out int[] firstRecord)
    {
        var bits = Math.Max(4, System.Numerics.BitOperations.Log2(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(n, 1) * 2)));
        var size = 1 << bits;
        var slot = pool.Rent<int>(size, clear: true); // 1 + index of the property's first record, 0 = free
        var slotHash = pool.Rent<ulong>(size);
        var property = pool.Rent<int>(n);
        var numberOf = pool.Rent<int>(n);
        firstRecord = pool.Rent<int>(n);
        count = 0;
        for (var i = 0; i < n; i++)
        {
            var id = Id(bytes, offset[i]);
            var hash = 14695981039346656037UL;
            foreach (var b in id)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            // FNV's low bits mix poorly for ids of digits; Fibonacci hashing takes well-mixed high bits as the slot.
            var s = (int)((hash * 0x9E3779B97F4A7C15UL) >> (64 - bits));
            while (true)
            {
                var occupant = slot[s] - 1;
                if (occupant < 0)
                {
                    slot[s] = i + 1;
                    slotHash[s] = hash;
                    numberOf[i] = count;
                    firstRecord[count] = i;
                    property[i] = count++;
                    break;
                }

                if (slotHash[s] == hash && Id(bytes, offset[occupant]).SequenceEqual(id))
                {
                    property[i] = numberOf[occupant];
                    break;
                }

                s = (s + 1) & (size - 1);
            }
        }

        return property;
    }

    /// <summary>Record order grouped by property (counting sort, stable), then by day within a property (insertion sort,
    /// stable), so equal days keep file order as in the in-memory split. <paramref name="start"/> bounds each property.</summary>
    private static int[] GroupByProperty(byte[] bytes, int[] offset, int[] property, int n, int properties, PooledArrays pool, out int[] start)
    {
        start = pool.Rent<int>(properties + 1, clear: true);
        for (var i = 0; i < n; i++)
        {
            start[property[i] + 1]++;
        }

        for (var p = 0; p < properties; p++)
        {
            start[p + 1] += start[p];
        }

        var fill = pool.Rent<int>(properties);
        Array.Copy(start, fill, properties);
        var order = pool.Rent<int>(n);
        for (var i = 0; i < n; i++)
        {
            order[fill[property[i]]++] = i;
        }

        for (var p = 0; p < properties; p++)
        {
            if (start[p + 1] - start[p] > 32)
            {
                SortLong(bytes, offset, order, start[p], start[p + 1]);
                continue;
            }

            for (var k = start[p] + 1; k < start[p + 1]; k++)
            {
                var record = order[k];
                var day = Day(bytes, offset[record]);
                var j = k - 1;
                while (j >= start[p] && Day(bytes, offset[order[j]]) > day)
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = record;
            }
        }

        return order;
    }

    /// <summary>A long run (a property sold very often) sorted by (day, record) in O(m log m): record order is file order.</summary>
    private static void SortLong(byte[] bytes, int[] offset, int[] order, int from, int to)
    {
        var keys = new long[to - from];
        for (var k = from; k < to; k++)
        {
            keys[k - from] = ((long)Day(bytes, offset[order[k]]) << 32) | (uint)order[k];
        }

        Array.Sort(keys);
        for (var k = from; k < to; k++)
        {
            order[k] = (int)(keys[k - from] & 0xFFFFFFFF);
        }
    }
}

