namespace Tributary.Forecast.Input;

/// <summary>The sales of one series, oldest first, with the product's category when one is known.</summary>
public sealed class ProductHistory(SeriesKey key, string? category, MarketDaySale[] days)
{
    public SeriesKey Key { get; } = key;

    /// <summary>Category from products.csv; null when no catalogue names it (pooling then uses the vendor and the market only).</summary>
    public string? Category { get; } = category;

    /// <summary>Market days with sales, ascending by date, one per date.</summary>
    public MarketDaySale[] Days { get; } = days;

    /// <summary>The price of the most recent day: the price assumed for coming days (future prices are not an input).</summary>
    public double LastPrice => Days.Length == 0 ? 0 : Days[^1].Price;

    /// <summary>This history without the days on or after <paramref name="cutoff"/> (for backtests).</summary>
    public ProductHistory Before(DateOnly cutoff)
    {
        var n = Days.Length;
        while (n > 0 && Days[n - 1].Date >= cutoff)
        {
            n--;
        }

        return n == Days.Length ? this : new ProductHistory(Key, Category, Days[..n]);
    }
}
