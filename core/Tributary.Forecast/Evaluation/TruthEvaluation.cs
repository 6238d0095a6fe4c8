using System.Globalization;
using System.Text;
using Tributary.Forecast.Backtesting;
using Tributary.Forecast.Feedback;

namespace Tributary.Forecast.Evaluation;

/// <summary>Recommendations scored against the simulator's truth (<c>forecast evaluate</c>).</summary>
/// <param name="Matched">Recommendations with a truth row (a requested date the market meets and the stall attends).</param>
/// <param name="Coverage">Share of days whose demand fell in [p10, p90] (0.8 when the intervals are calibrated).</param>
/// <param name="ServiceAchieved">Share of days on which the recommended quantity covered demand (the service level, when calibrated).</param>
public sealed record TruthEvaluation(int Recommendations, int Matched, AccuracyMetrics Model, AccuracyMetrics Oracle, double Coverage, double ServiceAchieved)
{
    /// <summary>The model's share within ±20% as a fraction of the oracle's.</summary>
    public double ShareOfOracle => Model.WithinShare / Oracle.WithinShare;

    public static TruthEvaluation Evaluate(IReadOnlyList<IssuedRecommendation> issued, TruthTable truth)
    {
        var model = new AccuracyMetrics();
        var oracle = new AccuracyMetrics();
        int matched = 0, covered = 0, served = 0;
        foreach (var r in issued)
        {
            if (!truth.TryGet(r.Key, r.Date, out var t))
            {
                continue;
            }

            matched++;
            model.Add(r.MedianUnits, t.Demand);
            oracle.Add(t.OracleMedian, t.Demand);
            covered += t.Demand >= r.P10Units && t.Demand <= r.P90Units ? 1 : 0;
            served += t.Demand <= r.RecommendedUnits ? 1 : 0;
        }

        return new TruthEvaluation(issued.Count, matched, model, oracle, matched == 0 ? double.NaN : (double)covered / matched,
            matched == 0 ? double.NaN : (double)served / matched);
    }

    /// <summary>The figures as (metric, value) rows.</summary>
    public IReadOnlyList<(string Metric, string Value)> Rows()
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            ("recommendations", Recommendations.ToString(inv)),
            ("matched_with_truth", Matched.ToString(inv)),
            ("within_20pct", Model.WithinShare.ToString("F4", inv)),
            ("oracle_within_20pct", Oracle.WithinShare.ToString("F4", inv)),
            ("share_of_oracle", ShareOfOracle.ToString("F4", inv)),
            ("mape", Model.Mape.ToString("F4", inv)),
            ("oracle_mape", Oracle.Mape.ToString("F4", inv)),
            ("bias", Model.Bias.ToString("F4", inv)),
            ("p10_p90_coverage", Coverage.ToString("F4", inv)),
            ("service_level_achieved", ServiceAchieved.ToString("F4", inv)),
        ];
    }

    public void Write(string path)
    {
        var text = new StringBuilder("metric,value\n");
        foreach (var (metric, value) in Rows())
        {
            text.Append(metric).Append(',').Append(value).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
