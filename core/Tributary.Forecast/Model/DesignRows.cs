using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>One series' market days as model rows: terms, units sold and whether the day sold out.</summary>
internal sealed class DesignRows
{
    public DesignRows(int n)
    {
        X = new double[n * DemandFeatures.Count];
        Sold = new int[n];
        Censored = new bool[n];
    }

    public int N => Sold.Length;

    /// <summary>Row-major terms, <see cref="DemandFeatures.Count"/> per row.</summary>
    public double[] X { get; }

    public int[] Sold { get; }

    public bool[] Censored { get; }

    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * DemandFeatures.Count, DemandFeatures.Count);

    /// <summary>Builds the rows of <paramref name="product"/>; weather and events resolve with the same fallbacks as a forecast.</summary>
    public static DesignRows Build(ProductHistory product, ForecastInputs context, DateOnly reference, double usualPrice, bool censoring)
    {
        var days = product.Days;
        var rows = new DesignRows(days.Length);
        var marketWeather = context.Weather?.For(product.Key.Market);
        for (var i = 0; i < days.Length; i++)
        {
            var day = days[i];
            var weather = marketWeather is null ? WeatherTable.NeutralDay : marketWeather.Resolve(day.Date).Weather;
            var load = context.Events is null ? 0 : DemandFeatures.EventLoad(context.Events.On(product.Key.Market, day.Date));
            DemandFeatures.Fill(rows.X.AsSpan(i * DemandFeatures.Count, DemandFeatures.Count), day.Date, reference, weather, load,
                usualPrice > 0 ? day.Price / usualPrice : 1);
            rows.Sold[i] = day.UnitsSold;
            rows.Censored[i] = censoring && day.SoldOut;
        }

        return rows;
    }

    /// <summary>The median price of a history: the reference the price term is measured from.</summary>
    public static double UsualPrice(ProductHistory product)
    {
        var prices = product.Days.Select(d => d.Price).Where(p => p > 0).Order().ToArray();
        return prices.Length == 0 ? 0 : prices[prices.Length / 2];
    }
}
