namespace Tributary.Forecast.Input;

/// <summary>Everything the model reads: sales history, and the optional weather and events (null when not supplied).</summary>
public sealed record ForecastInputs(SalesHistory Sales, WeatherTable? Weather = null, EventCalendar? Events = null)
{
    /// <summary>Reads the files; weather, events and products are optional; sales must end before <paramref name="endsBefore"/> when given.</summary>
    public static ForecastInputs Load(string sales, string? weather = null, string? events = null, string? products = null, DateOnly? endsBefore = null)
    {
        var catalog = products is null ? null : ProductCatalog.Read(products);
        return new ForecastInputs(SalesReader.Read(sales, catalog, endsBefore), weather is null ? null : WeatherTable.Read(weather),
            events is null ? null : EventCalendar.Read(events));
    }

    /// <summary>The same inputs with another sales history (one vendor's, or a backtest's past).</summary>
    public ForecastInputs WithSales(SalesHistory sales) => this with { Sales = sales };
}
