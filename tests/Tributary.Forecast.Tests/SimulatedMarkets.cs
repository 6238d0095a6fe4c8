using Tributary.Forecast.Backtesting;
using Tributary.Forecast.Simulation;

namespace Tributary.Forecast.Tests;

/// <summary>The simulated markets and backtests the accuracy tests share (each computed once per test run).</summary>
public sealed class SimulatedMarkets
{
    /// <summary>Three markets, 30 vendors × 4 products, three years: about 150 series and 34,000 market days.</summary>
    public static readonly SimulationOptions Standard = new(Seed: 11, Vendors: 30);

    public static readonly BacktestOptions FourWeeks = new(Origins: 4, HorizonDays: 7);

    private readonly Lazy<SimulatedMarket> _market = new(() => MarketSimulator.Simulate(Standard));
    private readonly Lazy<BacktestReport> _full;
    private readonly Lazy<BacktestReport> _noWeather;

    public SimulatedMarkets()
    {
        _full = new(() => Backtest.Run(Market.Inputs, FourWeeks, Market.Truth));
        _noWeather = new(() => Backtest.Run(Market.Inputs with { Weather = null }, FourWeeks, Market.Truth));
    }

    public SimulatedMarket Market => _market.Value;

    public BacktestReport Full => _full.Value;

    public BacktestReport WithoutWeather => _noWeather.Value;
}
