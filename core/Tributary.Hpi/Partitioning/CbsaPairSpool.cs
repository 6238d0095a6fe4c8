using System.Buffers.Binary;
using Tributary.Hpi.Pairs;

namespace Tributary.Hpi.Partitioning;

/// <summary>Repeat-sales pairs spilled to one temp file per CBSA, each pair with an order key, so a CBSA can be loaded alone
/// with its pairs in exactly the order the in-memory split gives them (sums in the regressions are then the same bits).</summary>
/// <remarks>Record: order key (8), local tract (4), first day (4), second day (4), first price bits (8), second price bits (8).
/// The key is (line of the property's first sale) × 2^24 + (index of the second sale among the property's sales): the
/// in-memory split orders pairs by property in order of first appearance, then by sale.</remarks>
internal sealed class CbsaPairSpool : IDisposable
{
    public const int RecordBytes = 36;
    private readonly string _directory;
    private readonly FileStream?[] _files;
    private readonly long[] _counts;

    public CbsaPairSpool(string directory, int cbsas)
    {
        _directory = directory;
        _files = new FileStream?[cbsas];
        _counts = new long[cbsas];
    }

    /// <summary>Pairs spilled for CBSA <paramref name="c"/>.</summary>
    public long Count(int c) => Interlocked.Read(ref _counts[c]);

    /// <summary>Appends whole records for one CBSA (thread-safe).</summary>
    public void Append(int c, ReadOnlySpan<byte> records)
    {
        lock (_counts.SyncRoot)
        {
            _files[c] ??= new FileStream(PathOf(c), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }

        lock (_files[c]!)
        {
            _files[c]!.Write(records);
        }

        Interlocked.Add(ref _counts[c], records.Length / RecordBytes);
    }

    /// <summary>Closes the files; call before <see cref="Load"/>.</summary>
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file?.Dispose();
        }
    }

    /// <summary>CBSA <paramref name="c"/>'s pairs in key order.</summary>
    public RepeatSalePairs Load(int c)
    {
        if (_files[c] is null)
        {
            return RepeatSalePairs.Empty;
        }

        using var pool = new PooledArrays();
        var bytes = pool.ReadFile(PathOf(c), out var length);
        var n = length / RecordBytes;
        var keys = pool.Rent<long>(n);
        var order = pool.Rent<int>(n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * RecordBytes));
            order[i] = i;
        }

        // Keys are unique (one per pair), so an unstable sort is deterministic.
        Array.Sort(keys, order, 0, n);
        var tract = new int[n];
        var firstDay = new int[n];
        var secondDay = new int[n];
        var firstPrice = new double[n];
        var secondPrice = new double[n];
        for (var i = 0; i < n; i++)
        {
            var record = bytes.AsSpan(order[i] * RecordBytes, RecordBytes);
            tract[i] = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            firstDay[i] = BinaryPrimitives.ReadInt32LittleEndian(record[12..]);
            secondDay[i] = BinaryPrimitives.ReadInt32LittleEndian(record[16..]);
            firstPrice[i] = BinaryPrimitives.ReadDoubleLittleEndian(record[20..]);
            secondPrice[i] = BinaryPrimitives.ReadDoubleLittleEndian(record[28..]);
        }

        return new RepeatSalePairs(tract, firstDay, secondDay, firstPrice, secondPrice);
    }

    private string PathOf(int c) => Path.Combine(_directory, $"pairs-{c:D5}.bin");
}
