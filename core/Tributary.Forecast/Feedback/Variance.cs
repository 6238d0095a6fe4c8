using Tributary.Forecast.Input;

namespace Tributary.Forecast.Feedback;

/// <summary>What happened to one recommendation: recommended vs brought vs sold.</summary>
/// <param name="UnitsBrought">Null when the vendor did not record it.</param>
public sealed record Variance(SeriesKey Key, DateOnly Date, int ModelVersion, int RecommendedUnits, int MedianUnits, int? UnitsBrought, int UnitsSold)
{
    /// <summary>Everything brought was sold: demand may have been higher than sold.</summary>
    public bool SoldOut => UnitsBrought is { } b && UnitsSold >= b;

    /// <summary>Units brought but not sold (zero when unknown).</summary>
    public int Waste => UnitsBrought is { } b ? Math.Max(0, b - UnitsSold) : 0;

    /// <summary>Brought minus recommended: whether the vendor followed the advice.</summary>
    public int? BroughtMinusRecommended => UnitsBrought - RecommendedUnits;
}
