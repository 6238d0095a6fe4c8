using System.CommandLine;

namespace Tributary.Host.Forecast;

/// <summary>The <c>forecast</c> verb group: what a market vendor should bring, learnt from sales, weather, events and feedback.</summary>
public static class ForecastCommands
{
    /// <summary>Builds <c>forecast</c> with its sub-verbs.</summary>
    public static Command Create()
    {
        var forecast = new Command("forecast", "Demand recommendations for market vendors: how many units of each product to bring to a coming market day, "
            + "from POS history, weather and events, with a backtest against baselines and a feedback loop.\n\n"
            + "Typical session:\n"
            + "  tributary forecast generate --out /tmp/market\n"
            + "  tributary forecast backtest --sales /tmp/market/sales.csv --weather /tmp/market/weather.csv --events /tmp/market/events.csv\n"
            + "  tributary forecast recommend --sales /tmp/market/sales.csv --weather /tmp/market/weather.csv --events /tmp/market/events.csv \\\n"
            + "      --dates 2027-06-05,2027-06-12 --out /tmp/market/out\n"
            + "  tributary forecast evaluate --recommendations /tmp/market/out/recommendations.csv --truth /tmp/market/truth.csv\n"
            + "  tributary forecast feedback --out /tmp/market/out --actuals actuals.csv --sales /tmp/market/sales.csv");
        forecast.Subcommands.Add(GenerateVerb.Create());
        forecast.Subcommands.Add(BacktestVerb.Create());
        forecast.Subcommands.Add(RecommendVerb.Create());
        forecast.Subcommands.Add(FeedbackVerb.Create());
        forecast.Subcommands.Add(EvaluateVerb.Create());
        return forecast;
    }
}
