using System.Globalization;
using System.Text;

namespace Tributary.Forecast.Backtesting;

/// <summary>How each method scored in a backtest; <see cref="Best"/> is the evidence for which model to use.</summary>
/// <param name="Censored">Sold-out days left out because their demand is unknown (only without truth).</param>
/// <param name="Unforecastable">Days of series with no history before the origin (no method can forecast them).</param>
public sealed record BacktestReport(IReadOnlyList<MethodScore> Methods, int Origins, int HorizonDays, long Censored, long Unforecastable, bool AgainstTruth)
{
    public const string ModelName = "demand model";
    public const string SeasonalNaiveName = "seasonal naive";
    public const string MovingAverageName = "moving average (4 same weekdays)";
    public const string OracleName = "oracle (true distribution's median)";

    public MethodScore this[string method] => Methods.Single(m => m.Method == method);

    /// <summary>The method a user should run: the highest share within ±20% (the oracle excluded), MAPE breaking ties.</summary>
    /// <remarks>Not the lowest MAPE: MAPE punishes a forecast above the actual more than one below it, so it prefers models
    /// that under-forecast, such as one that learns stock-outs as demand.</remarks>
    public MethodScore Best => Methods.Where(m => m.Method != OracleName)
        .OrderByDescending(m => m.Metrics.WithinShare).ThenBy(m => m.Metrics.Mape).First();

    /// <summary>Writes <c>method,n,within_20pct,mape,bias,share_of_oracle,selected</c>.</summary>
    public void Write(string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var oracle = Methods.FirstOrDefault(m => m.Method == OracleName);
        var text = new StringBuilder("method,n,within_20pct,mape,bias,share_of_oracle,selected\n");
        foreach (var m in Methods)
        {
            var share = oracle is null ? "" : (m.Metrics.WithinShare / oracle.Metrics.WithinShare).ToString("F4", inv);
            text.Append(inv, $"\"{m.Method}\",{m.Metrics.Count},{m.Metrics.WithinShare:F4},{m.Metrics.Mape:F4},{m.Metrics.Bias:F4},{share},{(m == Best ? "yes" : "no")}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}

/// <summary>One method's accuracy in a backtest.</summary>
public sealed record MethodScore(string Method, AccuracyMetrics Metrics);
