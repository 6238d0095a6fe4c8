using Tributary.Forecast.Simulation;

namespace Tributary.Forecast.Tests;

/// <summary>The simulator is reproducible and shows the behaviours the model must handle.</summary>
public sealed class SimulationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "forecast-sim-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static readonly SimulationOptions Small = new(Seed: 5, Markets: 2, Vendors: 8, HistoryDays: 200, FutureDays: 14);

    [Fact]
    public void Same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        MarketSimulator.Write(Path.Combine(_dir, "a"), Small);
        MarketSimulator.Write(Path.Combine(_dir, "b"), Small);
        MarketSimulator.Write(Path.Combine(_dir, "c"), Small with { Seed = 6 });
        foreach (var file in MarketSimulator.Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", file)), File.ReadAllBytes(Path.Combine(_dir, "b", file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_dir, "a", "sales.csv")), File.ReadAllBytes(Path.Combine(_dir, "c", "sales.csv")));
    }

    [Fact]
    public void Stock_outs_limit_sales_and_truth_holds_the_unlimited_demand()
    {
        var market = MarketSimulator.Simulate(Small.WithHeavyStockouts());
        var days = market.Inputs.Sales.Products.SelectMany(p => p.Days.Select(d => (p.Key, d))).ToArray();
        Assert.All(days, x => Assert.True(x.d.UnitsSold <= x.d.UnitsBrought));
        var soldOut = days.Where(x => x.d.SoldOut).ToArray();
        Assert.True(soldOut.Length > days.Length / 2);
        Assert.All(soldOut, x =>
        {
            Assert.True(market.Truth.TryGet(x.Key, x.d.Date, out var t));
            Assert.True(t.Demand >= x.d.UnitsSold);
        });
        Assert.Contains(soldOut, x => market.Truth.TryGet(x.Key, x.d.Date, out var t) && t.Demand > x.d.UnitsSold);
    }

    [Fact]
    public void Future_days_have_forecasts_events_and_truth_but_no_sales()
    {
        var market = MarketSimulator.Simulate(Small);
        var last = market.Inputs.Sales.Last;
        Assert.True(last <= Small.LastHistoryDay);
        Assert.NotEmpty(market.FutureDates);
        Assert.All(market.FutureDates, d => Assert.True(d > Small.LastHistoryDay));
        var future = market.FutureDates[0];
        Assert.Contains(market.Truth.Days, t => t.Date == future);
        Assert.All(market.Inputs.Sales.Products.Select(p => p.Key.Market).Distinct(),
            m => Assert.Equal(Tributary.Forecast.Input.WeatherSource.Forecast, market.Inputs.Weather!.Resolve(m, future).Source));
        Assert.True(market.Catalog.Count >= Small.Vendors * Small.ProductsPerVendor);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
