using System.CommandLine;
using Tributary.Forecast.Input;

namespace Tributary.Host.Forecast;

/// <summary>The input options every forecasting verb shares: sales, and optional weather, events and product categories.</summary>
internal sealed class InputOptions
{
    public Option<FileInfo> Sales { get; } = new("--sales")
    {
        Description = "sales.csv: date,market,vendor,product,units_sold,units_brought,price (ISO dates; units_brought may be empty; "
            + "a day with units_sold = units_brought sold out and counts as demand ≥ sold).",
        Required = true,
    };

    public Option<FileInfo?> Weather { get; } = new("--weather")
    {
        Description = "Optional weather.csv: date,market,temp_c,precip_mm,wind_kph, for history and for the coming dates (forecast). "
            + "Missing days fall back to the market's climatology for the week, then to a neutral day.",
    };

    public Option<FileInfo?> Events { get; } = new("--events")
    {
        Description = "Optional events.csv: date,market,name,expected_attendance. Without it no events are assumed.",
    };

    public Option<FileInfo?> Products { get; } = new("--products")
    {
        Description = "Optional products.csv: vendor,product,category, so new products borrow from their category. "
            + "Default: products.csv beside the sales file, when there is one.",
    };

    public IEnumerable<Option> All => [Sales, Weather, Events, Products];

    /// <summary>Reads the files the parse names (the products file beside sales.csv when not named).</summary>
    public (ForecastInputs Inputs, string? ProductsFile) Load(System.CommandLine.ParseResult parse, DateOnly? salesEndBefore = null)
    {
        var sales = parse.GetValue(Sales)!.FullName;
        var products = parse.GetValue(Products)?.FullName;
        if (products is null)
        {
            var beside = Path.Combine(Path.GetDirectoryName(sales)!, "products.csv");
            products = File.Exists(beside) ? beside : null;
        }

        return (ForecastInputs.Load(sales, parse.GetValue(Weather)?.FullName, parse.GetValue(Events)?.FullName, products, salesEndBefore), products);
    }
}
