namespace Tributary.Forecast.Input;

/// <summary>Sales of a whole market (or of one vendor, see <see cref="ForVendor"/>), one <see cref="ProductHistory"/> per series.</summary>
public sealed class SalesHistory
{
    public SalesHistory(IReadOnlyList<ProductHistory> products)
    {
        Products = products.Where(p => p.Days.Length > 0).OrderBy(p => p.Key.Vendor, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Market, StringComparer.Ordinal).ThenBy(p => p.Key.Product, StringComparer.Ordinal).ToArray();
        if (Products.Count > 0)
        {
            First = Products.Min(p => p.Days[0].Date);
            Last = Products.Max(p => p.Days[^1].Date);
        }
    }

    /// <summary>Series ordered by vendor, market, product.</summary>
    public IReadOnlyList<ProductHistory> Products { get; }

    public DateOnly First { get; }

    /// <summary>The latest market day in the history.</summary>
    public DateOnly Last { get; }

    public int DayCount => Products.Sum(p => p.Days.Length);

    /// <summary>Vendors in ordinal order: the unit the pipeline partitions by.</summary>
    public IReadOnlyList<string> Vendors => Products.Select(p => p.Key.Vendor).Distinct().ToArray();

    /// <summary>One vendor's series (all markets it trades at).</summary>
    public SalesHistory ForVendor(string vendor) => new(Products.Where(p => p.Key.Vendor == vendor).ToArray());

    /// <summary>Splits the market into one history per vendor, in vendor order.</summary>
    public IReadOnlyList<SalesHistory> ByVendor() =>
        Products.GroupBy(p => p.Key.Vendor, StringComparer.Ordinal).Select(g => new SalesHistory(g.ToArray())).ToArray();

    /// <summary>The history as it stood before <paramref name="cutoff"/> (days on or after it removed).</summary>
    public SalesHistory Before(DateOnly cutoff) => new(Products.Select(p => p.Before(cutoff)).ToArray());

    /// <summary>Series that sold at least once in the 365 days up to the end of the history: those recommended for.</summary>
    public IEnumerable<ProductHistory> ActiveSeries() => Products.Where(p => p.Days[^1].Date > Last.AddDays(-365));
}
