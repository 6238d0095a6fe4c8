namespace Tributary.Forecast.Input;

/// <summary>One product of one vendor at one market: the unit the demand model forecasts (a vendor may trade at several markets).</summary>
public readonly record struct SeriesKey(string Market, string Vendor, string Product)
{
    /// <inheritdoc />
    public override string ToString() => $"{Market}/{Vendor}/{Product}";
}
