using Tributary.Forecast.Input;

namespace Tributary.Forecast.Evaluation;

/// <summary>The simulator's truth for one series on one market day: expected demand, realised demand (before stock limits) and noise.</summary>
public readonly record struct TruthDay(SeriesKey Key, DateOnly Date, double ExpectedDemand, int Demand, double Size)
{
    /// <summary>The true distribution's median: what an oracle knowing expected demand would predict.</summary>
    public int OracleMedian => Model.NegativeBinomial.Quantile(ExpectedDemand, Size, 0.5);
}
