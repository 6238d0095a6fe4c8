using System.Buffers;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>The accepted rows of one slice of a transactions file as flat columns (property ids as UTF-8 bytes packed end to
/// end), plus the rows it rejected. Built by one parser worker; consumed in file order. Its columns are pooled arrays, given
/// back by <see cref="Return"/> once the chunk is committed, so a national read does not leave gigabytes of garbage.</summary>
public sealed class TransactionChunk
{
    private byte[] _ids;
    private int[] _idEnd;
    private long[] _line;
    private int[] _day;
    private double[] _price;
    private int[] _tract;
    private int _idBytes;
    private List<(RejectReason Reason, InputError Error)>? _rejects;

    internal TransactionChunk(int capacity, int idBytes)
    {
        capacity = Math.Max(capacity, 16);
        _ids = ArrayPool<byte>.Shared.Rent(Math.Max(idBytes, 256));
        _idEnd = ArrayPool<int>.Shared.Rent(capacity);
        _line = ArrayPool<long>.Shared.Rent(capacity);
        _day = ArrayPool<int>.Shared.Rent(capacity);
        _price = ArrayPool<double>.Shared.Rent(capacity);
        _tract = ArrayPool<int>.Shared.Rent(capacity);
    }

    /// <summary>Accepted rows.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of input this chunk covers, for progress.</summary>
    public long InputBytes { get; internal set; }

    /// <summary>The property id of row <paramref name="i"/> (UTF-8).</summary>
    public ReadOnlySpan<byte> PropertyId(int i) => _ids.AsSpan(i == 0 ? 0 : _idEnd[i - 1], _idEnd[i] - (i == 0 ? 0 : _idEnd[i - 1]));

    /// <summary>Physical line per row (header = 1); for Parquet, the 1-based row number. Increases through the file.</summary>
    public ReadOnlySpan<long> Line => _line.AsSpan(0, Count);

    /// <summary>Sale date as <see cref="DateOnly.DayNumber"/> per row.</summary>
    public ReadOnlySpan<int> Day => _day.AsSpan(0, Count);

    /// <summary>Sale price per row.</summary>
    public ReadOnlySpan<double> Price => _price.AsSpan(0, Count);

    /// <summary>Tract index into the dataset's <see cref="TractCatalog"/> per row.</summary>
    public ReadOnlySpan<int> Tract => _tract.AsSpan(0, Count);

    /// <summary>Rejected rows in file order.</summary>
    internal IReadOnlyList<(RejectReason Reason, InputError Error)> Rejects => (IReadOnlyList<(RejectReason, InputError)>?)_rejects ?? [];

    internal void Add(ReadOnlySpan<byte> id, int day, double price, int tract, long line)
    {
        if (Count == _day.Length)
        {
            var size = checked(Count * 2);
            Grow(ref _idEnd, size);
            Grow(ref _line, size);
            Grow(ref _day, size);
            Grow(ref _price, size);
            Grow(ref _tract, size);
        }

        if (_idBytes + id.Length > _ids.Length)
        {
            Grow(ref _ids, checked(Math.Max(_ids.Length * 2, _idBytes + id.Length)));
        }

        id.CopyTo(_ids.AsSpan(_idBytes));
        _idBytes += id.Length;
        _idEnd[Count] = _idBytes;
        _line[Count] = line;
        _day[Count] = day;
        _price[Count] = price;
        _tract[Count] = tract;
        Count++;
    }

    internal void Reject(RejectReason reason, InputError error) => (_rejects ??= []).Add((reason, error));

    /// <summary>Gives the columns back to the pool; the chunk is empty afterwards.</summary>
    internal void Return()
    {
        ArrayPool<byte>.Shared.Return(_ids);
        ArrayPool<int>.Shared.Return(_idEnd);
        ArrayPool<long>.Shared.Return(_line);
        ArrayPool<int>.Shared.Return(_day);
        ArrayPool<double>.Shared.Return(_price);
        ArrayPool<int>.Shared.Return(_tract);
        (_ids, _idEnd, _line, _day, _price, _tract) = ([], [], [], [], [], []);
        Count = 0;
        _idBytes = 0;
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }
}
