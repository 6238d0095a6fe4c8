using System.Buffers;
using System.Buffers.Binary;
using Tributary.Hpi.Input;

namespace Tributary.Hpi.Partitioning;

/// <summary>One chunk's rows serialised and grouped by bucket, ready to append: bucket b's records are
/// <c>Data[Start[b]..Start[b + 1]]</c>. <see cref="Data"/> is pooled and goes back when the batch is committed.</summary>
internal sealed record BucketBatch(byte[] Data, int[] Start);

/// <summary>Spills transaction rows to temp files by a hash of the property id, so that every sale of a property lands in
/// the same, small file and pairs can be built one file at a time. Rows keep file order within a file.</summary>
/// <remarks>Record: line (8), day (4), catalog tract (4), price bits (8), id length (1), id bytes; little-endian.</remarks>
internal sealed class PropertyBuckets : IDisposable
{
    public const int FixedBytes = 25;
    private readonly FileStream[] _files;

    public PropertyBuckets(string directory, int count)
    {
        Paths = Enumerable.Range(0, count).Select(b => Path.Combine(directory, $"rows-{b:D4}.bin")).ToArray();
        _files = Paths.Select(p => new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)).ToArray();
    }

    /// <summary>The bucket files.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Serialises a chunk (on a parser worker): records grouped by bucket, in row order within each bucket.</summary>
    public BucketBatch Prepare(TransactionChunk chunk)
    {
        var buckets = _files.Length;
        var bucketOf = ArrayPool<int>.Shared.Rent(chunk.Count);
        var start = new int[buckets + 1];
        for (var i = 0; i < chunk.Count; i++)
        {
            var id = chunk.PropertyId(i);
            bucketOf[i] = Of(id, buckets);
            start[bucketOf[i] + 1] += FixedBytes + id.Length;
        }

        for (var b = 0; b < buckets; b++)
        {
            start[b + 1] += start[b];
        }

        var data = ArrayPool<byte>.Shared.Rent(start[buckets]);
        var at = start[..buckets];
        for (var i = 0; i < chunk.Count; i++)
        {
            var id = chunk.PropertyId(i);
            var record = data.AsSpan(at[bucketOf[i]], FixedBytes + id.Length);
            at[bucketOf[i]] += record.Length;
            BinaryPrimitives.WriteInt64LittleEndian(record, chunk.Line[i]);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], chunk.Day[i]);
            BinaryPrimitives.WriteInt32LittleEndian(record[12..], chunk.Tract[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(record[16..], chunk.Price[i]);
            record[24] = (byte)id.Length;
            id.CopyTo(record[FixedBytes..]);
        }

        ArrayPool<int>.Shared.Return(bucketOf);
        return new BucketBatch(data, start);
    }

    /// <summary>Appends a prepared chunk (in file order, one caller at a time).</summary>
    public void Commit(BucketBatch batch)
    {
        for (var b = 0; b < _files.Length; b++)
        {
            if (batch.Start[b + 1] > batch.Start[b])
            {
                _files[b].Write(batch.Data, batch.Start[b], batch.Start[b + 1] - batch.Start[b]);
            }
        }

        ArrayPool<byte>.Shared.Return(batch.Data);
    }

    /// <summary>Flushes and closes the files.</summary>
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    /// <summary>The bucket of a property id: FNV-1a over its bytes, so a property's rows always meet in one bucket.</summary>
    private static int Of(ReadOnlySpan<byte> id, int buckets)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in id)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)((hash ^ (hash >> 32)) % (ulong)buckets);
    }
}
