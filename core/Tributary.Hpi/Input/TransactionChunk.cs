using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>The accepted rows of one slice of a transactions file as flat columns (property ids as UTF-8 bytes packed end to
/// end), plus the rows it rejected. Built by one parser worker; consumed in file order.</summary>
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
        _ids = new byte[Math.Max(idBytes, 256)];
        _idEnd = new int[capacity];
        _line = new long[capacity];
        _day = new int[capacity];
        _price = new double[capacity];
        _tract = new int[capacity];
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
            Array.Resize(ref _idEnd, size);
            Array.Resize(ref _line, size);
            Array.Resize(ref _day, size);
            Array.Resize(ref _price, size);
            Array.Resize(ref _tract, size);
        }

        if (_idBytes + id.Length > _ids.Length)
        {
            Array.Resize(ref _ids, checked(Math.Max(_ids.Length * 2, _idBytes + id.Length)));
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
}
