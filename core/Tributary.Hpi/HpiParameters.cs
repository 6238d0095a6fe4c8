namespace Tributary.Hpi;

/// <summary>Every tunable choice of the method in one place; defaults follow FHFA WP 21-01.</summary>
/// <param name="StartYear">First output year (the chain starts there at level 1). Null: the first year with sales.
/// Sales before it still enter the regressions, as the method uses the full sample period.</param>
/// <param name="EndYear">Last output year. Null: the last year with sales.</param>
/// <param name="BaseYear">Year whose index is 100. Null: the first output year of each series.</param>
/// <param name="MinHalfPairs">Half-pairs a supertract needs in year t and in year t−1 (default 40).</param>
/// <param name="MaxAbsCagr">Drop a pair when |CAGR| exceeds this (default 0.30).</param>
/// <param name="MaxPriceRatio">Drop a pair when P1/P0 exceeds this (default 10).</param>
/// <param name="MinPriceRatio">Drop a pair when P1/P0 is below this. Write-ups disagree (0.25 or 0.75); default 0.25.</param>
public sealed record HpiParameters(
    int? StartYear = null,
    int? EndYear = null,
    int? BaseYear = null,
    int MinHalfPairs = 40,
    double MaxAbsCagr = 0.30,
    double MaxPriceRatio = 10.0,
    double MinPriceRatio = 0.25)
{
    /// <summary>The defaults of the method.</summary>
    public static HpiParameters Default { get; } = new();

    /// <summary>Throws when a parameter cannot be used, naming it.</summary>
    public void Validate()
    {
        if (MinHalfPairs < 1) throw new ArgumentOutOfRangeException(nameof(MinHalfPairs), MinHalfPairs, "must be at least 1");
        if (!(MaxAbsCagr > 0)) throw new ArgumentOutOfRangeException(nameof(MaxAbsCagr), MaxAbsCagr, "must be positive");
        if (!(MinPriceRatio > 0) || !(MaxPriceRatio > MinPriceRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPriceRatio), MaxPriceRatio, "need 0 < min ratio < max ratio");
        }

        if (StartYear is { } s && EndYear is { } e && e < s)
        {
            throw new ArgumentOutOfRangeException(nameof(EndYear), e, "end year is before start year");
        }
    }
}
