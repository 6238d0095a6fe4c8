using System.Text;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// Assigns records to buckets by a stable hash (FNV-1a, 64-bit) of their normalised partition-key values.
/// </summary>
/// <remarks>
/// Why the partition key and not the primary key: pass 2 matches records whose primary keys differ (a custodian
/// reference instead of ours), and pass 3 matches one record against several with different keys. Hashing by primary
/// key would put such partners in different buckets and lose the match. So every profile names a partition key, the
/// coarsest key that every pass shares (trades and positions: account; inventory: warehouse; pos: merchant), and every
/// pass adds it to its own key. Two records can then only ever match, or be duplicates, inside one partition, so a
/// run over N buckets produces exactly the breaks (and ids) of a run over one bucket. The hash is stable across
/// processes and machines (not string.GetHashCode), because the planner and the activities run in different places.
/// A profile without a partition key puts every record in bucket 0.
/// </remarks>
public static class BucketHasher
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The bucket (0..buckets−1) of one record.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Bucket(RecordTable table, int row, int buckets)
    {
        if (buckets <= 1 || table.Profile.PartitionKey.Count == 0)
        {
            return 0;
        }

        var hash = Offset;
        var partitionKey = table.Profile.PartitionKey;
        for (var i = 0; i < partitionKey.Count; i++) // indexed: a foreach over the interface would box an enumerator per row
        {
            var field = partitionKey[i];
            switch (field.Type)
            {
                case FieldType.Text:
                    // Over the UTF-16 code units of the normalised text; for ASCII those are its bytes.
                    var bytes = table.TextBytes(field.Index, row);
                    if (Ascii.IsValid(bytes))
                    {
                        foreach (var b in bytes)
                        {
                            hash = (hash ^ b) * Prime;
                        }
                    }
                    else
                    {
                        foreach (var c in table.Text(field.Index, row))
                        {
                            hash = (hash ^ c) * Prime;
                        }
                    }

                    break;
                case FieldType.Number:
                    // Through double so 1.0 and 1.00 (equal decimals with different scales) hash alike.
                    hash = Mix(hash, (ulong)BitConverter.DoubleToInt64Bits((double)table.Number(field.Index, row)));
                    break;
                default:
                    hash = Mix(hash, (ulong)table.Day(field.Index, row));
                    break;
            }

            hash = (hash ^ 0x1f) * Prime; // field separator, so ("ab","c") and ("a","bc") differ
        }

        return (int)(hash % (ulong)buckets);
    }

    /// <summary>The rows of each bucket, in row order.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int[][] Split(RecordTable table, int buckets)
    {
        var counts = new int[buckets];
        var assigned = new int[table.Count];
        for (var row = 0; row < table.Count; row++)
        {
            assigned[row] = Bucket(table, row, buckets);
            counts[assigned[row]]++;
        }

        var rows = counts.Select(n => new int[n]).ToArray();
        Array.Clear(counts);
        for (var row = 0; row < table.Count; row++)
        {
            var b = assigned[row];
            rows[b][counts[b]++] = row;
        }

        return rows;
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (value & 0xff)) * Prime;
            value >>= 8;
        }

        return hash;
    }
}
