namespace Tributary.Hpi.Pairs;

/// <summary>Repeat-sales pairs as flat columns: consecutive sales (first, second) of one property in one tract.</summary>
/// <remarks>Days are <see cref="DateOnly.DayNumber"/> values; prices are the raw sale prices, so filters are applied by the
/// calculator and their counts belong to the CBSA's diagnostics.</remarks>
public sealed class RepeatSalePairs
{
    public RepeatSalePairs(int[] tract, int[] firstDay, int[] secondDay, double[] firstPrice, double[] secondPrice)
    {
        var n = tract.Length;
        if (firstDay.Length != n || secondDay.Length != n || firstPrice.Length != n || secondPrice.Length != n)
        {
            throw new ArgumentException("All pair columns must have the same length.");
        }

        Tract = tract;
        FirstDay = firstDay;
        SecondDay = secondDay;
        FirstPrice = firstPrice;
        SecondPrice = secondPrice;
    }

    /// <summary>An empty set.</summary>
    public static RepeatSalePairs Empty { get; } = new([], [], [], [], []);

    /// <summary>Number of pairs.</summary>
    public int Count => Tract.Length;

    /// <summary>Tract index (into the owning market's tract list) per pair.</summary>
    public int[] Tract { get; }

    /// <summary>First sale's day number per pair.</summary>
    public int[] FirstDay { get; }

    /// <summary>Second sale's day number per pair (never before the first).</summary>
    public int[] SecondDay { get; }

    /// <summary>First sale's price per pair.</summary>
    public double[] FirstPrice { get; }

    /// <summary>Second sale's price per pair.</summary>
    public double[] SecondPrice { get; }
}
