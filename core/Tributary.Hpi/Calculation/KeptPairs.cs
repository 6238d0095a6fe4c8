namespace Tributary.Hpi.Calculation;

/// <summary>Pairs that passed the filters, as flat columns: tract, years of both sales and log price ratio.</summary>
public sealed class KeptPairs(int capacity)
{
    private readonly int[] _tract = new int[capacity];
    private readonly int[] _firstYear = new int[capacity];
    private readonly int[] _secondYear = new int[capacity];
    private readonly double[] _logRatio = new double[capacity];

    /// <summary>Number of kept pairs.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> Tract => _tract.AsSpan(0, Count);

    public ReadOnlySpan<int> FirstYear => _firstYear.AsSpan(0, Count);

    public ReadOnlySpan<int> SecondYear => _secondYear.AsSpan(0, Count);

    public ReadOnlySpan<double> LogRatio => _logRatio.AsSpan(0, Count);

    internal void Add(int tract, int firstYear, int secondYear, double logRatio)
    {
        _tract[Count] = tract;
        _firstYear[Count] = firstYear;
        _secondYear[Count] = secondYear;
        _logRatio[Count] = logRatio;
        Count++;
    }
}
