namespace Tributary.Hpi.Input;

/// <summary>Parsed transactions as flat columns (one entry per valid row), so pair building sorts and scans without objects.</summary>
public sealed class TransactionTable
{
    private int[] _property = new int[1024];
    private int[] _day = new int[1024];
    private double[] _price = new double[1024];
    private int[] _tract = new int[1024];

    /// <summary>Valid rows.</summary>
    public int Count { get; private set; }

    /// <summary>Distinct property ids seen.</summary>
    public int PropertyCount { get; internal set; }

    /// <summary>Property index (dense, first-appearance order) per row.</summary>
    public ReadOnlySpan<int> Property => _property.AsSpan(0, Count);

    /// <summary>Sale date as <see cref="DateOnly.DayNumber"/> per row.</summary>
    public ReadOnlySpan<int> Day => _day.AsSpan(0, Count);

    /// <summary>Sale price per row.</summary>
    public ReadOnlySpan<double> Price => _price.AsSpan(0, Count);

    /// <summary>Tract index into the dataset's <see cref="TractCatalog"/> per row.</summary>
    public ReadOnlySpan<int> Tract => _tract.AsSpan(0, Count);

    /// <summary>Appends one row.</summary>
    public void Add(int property, int day, double price, int tract)
    {
        if (Count == _day.Length)
        {
            var size = checked(Count * 2);
            Array.Resize(ref _property, size);
            Array.Resize(ref _day, size);
            Array.Resize(ref _price, size);
            Array.Resize(ref _tract, size);
        }

        _property[Count] = property;
        _day[Count] = day;
        _price[Count] = price;
        _tract[Count] = tract;
        Count++;
    }
}
