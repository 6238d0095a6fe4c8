using Tributary.Forecast.Backtesting;
using Tributary.Forecast.Input;
using Tributary.Forecast.Model;
using Tributary.Forecast.Recommendations;
using Tributary.Forecast.Simulation;
using Xunit.Abstractions;

namespace Tributary.Forecast.Tests;

/// <summary>The accuracy bars on simulated markets with known truth (rolling-origin backtest, four weekly origins).</summary>
public sealed class AccuracyTests(SimulatedMarkets markets, ITestOutputHelper output) : IClassFixture<SimulatedMarkets>
{
    private void Print(string title, BacktestReport report)
    {
        output.WriteLine(title);
        foreach (var m in report.Methods)
        {
            output.WriteLine($"  {m.Method}: n={m.Metrics.Count} within={m.Metrics.WithinShare:F3} mape={m.Metrics.Mape:F3} bias={m.Metrics.Bias:F3}");
        }
    }

    [Fact]
    public void Median_within_20_percent_reaches_90_percent_of_the_oracle()
    {
        var report = markets.Full;
        Print("full inputs", report);
        var model = report[BacktestReport.ModelName].Metrics;
        var oracle = report[BacktestReport.OracleName].Metrics;
        Assert.True(model.Count > 500, $"only {model.Count} evaluated days");
        Assert.True(model.WithinShare >= 0.9 * oracle.WithinShare, $"model {model.WithinShare:P1} vs oracle {oracle.WithinShare:P1}");
    }

    [Fact]
    public void Mape_is_at_least_20_percent_better_than_seasonal_naive_and_the_model_is_selected()
    {
        var report = markets.Full;
        var model = report[BacktestReport.ModelName].Metrics;
        var naive = report[BacktestReport.SeasonalNaiveName].Metrics;
        var average = report[BacktestReport.MovingAverageName].Metrics;
        Assert.True(model.Mape <= 0.8 * naive.Mape, $"model MAPE {model.Mape:P1} vs seasonal naive {naive.Mape:P1}");
        Assert.True(model.Mape < average.Mape, $"model MAPE {model.Mape:P1} vs moving average {average.Mape:P1}");
        Assert.Equal(BacktestReport.ModelName, report.Best.Method);
        Assert.InRange(model.Bias, -0.05, 0.05);
    }

    [Fact]
    public void Without_weather_the_model_loses_a_few_points_and_says_so()
    {
        var full = markets.Full[BacktestReport.ModelName].Metrics;
        var blind = markets.WithoutWeather[BacktestReport.ModelName].Metrics;
        Print("weather withheld", markets.WithoutWeather);
        Assert.Equal(full.Count, blind.Count);
        Assert.True(blind.WithinShare >= full.WithinShare - 0.06, $"without weather {blind.WithinShare:P1} vs {full.WithinShare:P1}");
        Assert.True(blind.Mape >= full.Mape, "weather carries information in the simulator, so losing it cannot help");

        var market = markets.Market;
        var date = market.FutureDates[0];
        var noWeather = MarketRecommendations.Compute(market.Inputs with { Weather = null }, [date]).Recommendations;
        Assert.All(noWeather, r => Assert.Contains("weather=neutral", r.InputsUsed));
        Assert.DoesNotContain(noWeather, r => r.Reason.Contains("forecast", StringComparison.Ordinal));

        // History without the forecast rows: the market's climatology for the week stands in.
        var historyOnly = market.Inputs with { Weather = market.Inputs.Weather!.Before(market.Inputs.Sales.Last.AddDays(1)) };
        var climatology = MarketRecommendations.Compute(historyOnly, [date]).Recommendations;
        Assert.All(climatology, r => Assert.Contains("weather=climatology", r.InputsUsed));
        var withForecast = MarketRecommendations.Compute(market.Inputs, [date]).Recommendations;
        Assert.All(withForecast, r => Assert.Contains("weather=forecast", r.InputsUsed));
    }

    [Fact]
    public void Sold_out_days_are_not_learned_as_demand()
    {
        var market = MarketSimulator.Simulate(new SimulationOptions(Seed: 23, Vendors: 16).WithHeavyStockouts());
        var inputs = market.Inputs;
        var soldOut = inputs.Sales.Products.Sum(p => p.Days.Count(d => d.SoldOut)) / (double)inputs.Sales.DayCount;
        Assert.True(soldOut > 0.5, $"only {soldOut:P0} of days sold out");

        double Ratio(ModelSettings settings)
        {
            var priors = MarketPriors.Fit(inputs, settings);
            double predicted = 0, truth = 0;
            foreach (var vendor in inputs.Sales.ByVendor())
            {
                var model = DemandModel.Train(inputs.WithSales(vendor), priors);
                foreach (var series in vendor.Products)
                {
                    // The last eight weeks of history: the model's demand estimate against the true expected demand.
                    foreach (var day in series.Days.Where(d => d.Date > inputs.Sales.Last.AddDays(-56)))
                    {
                        Assert.True(market.Truth.TryGet(series.Key, day.Date, out var t));
                        predicted += model[series.Key].Predict(day.Date, inputs, priors.Reference).Mean;
                        truth += t.ExpectedDemand;
                    }
                }
            }

            return predicted / truth;
        }

        var naive = inputs.Sales.Products.Sum(p => p.Days.Sum(d => (double)d.UnitsSold))
            / market.Truth.Days.Where(t => t.Date <= inputs.Sales.Last).Sum(t => t.ExpectedDemand);
        var censored = Ratio(new ModelSettings());
        var ignored = Ratio(new ModelSettings { HandleCensoring = false });
        output.WriteLine($"sold out {soldOut:P0}; mean sold / truth {naive:F3}; model (censored EM) {censored:F3}; model ignoring censoring {ignored:F3}");
        Assert.InRange(censored, 0.93, 1.07);
        Assert.True(naive < 0.88, $"naive mean of sold units is {naive:F3} of truth");
        Assert.True(ignored < censored - 0.05, "treating sold-out days as demand must bias the estimate low");
    }
}
