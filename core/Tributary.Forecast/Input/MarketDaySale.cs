namespace Tributary.Forecast.Input;

/// <summary>What one product sold on one market day.</summary>
/// <param name="UnitsBrought">Null when the vendor did not record it; then the day cannot be known to be sold out.</param>
public readonly record struct MarketDaySale(DateOnly Date, int UnitsSold, int? UnitsBrought, double Price)
{
    /// <summary>Everything brought was sold: demand was at least <see cref="UnitsSold"/>, not equal to it (a censored day).</summary>
    public bool SoldOut => UnitsBrought is { } brought && UnitsSold >= brought;
}
