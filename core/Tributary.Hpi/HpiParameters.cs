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
    /// <summary>The first year a sale, and so any year of an index, may have (the readers' date rule).</summary>
    public const int MinYear = 1900;

    /// <summary>The last year a sale, and so any year of an index, may have.</summary>
    public const int MaxYear = 2100;

    /// <summary>The defaults of the method.</summary>
    public static HpiParameters Default { get; } = new();

    /// <summary>
    /// Throws when a parameter cannot be used, naming it: years outside <see cref="MinYear"/>–<see cref="MaxYear"/>, an end
    /// before the start, a base year outside start..end. (A base year with no sales at all is the caller's check:
    /// <see cref="BaseYearProblem"/>.)
    /// </summary>
    public void Validate()
    {
        if (MinHalfPairs < 1) throw new ArgumentOutOfRangeException(nameof(MinHalfPairs), MinHalfPairs, "must be at least 1");
        if (!(MaxAbsCagr > 0)) throw new ArgumentOutOfRangeException(nameof(MaxAbsCagr), MaxAbsCagr, "must be positive");
        if (!(MinPriceRatio > 0) || !(MaxPriceRatio > MinPriceRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPriceRatio), MaxPriceRatio, "need 0 < min ratio < max ratio");
        }

        foreach (var (name, year) in new[] { (nameof(StartYear), StartYear), (nameof(EndYear), EndYear), (nameof(BaseYear), BaseYear) })
        {
            if (year is < MinYear or > MaxYear)
            {
                throw new ArgumentOutOfRangeException(name, year, $"{year} is not a year in {MinYear}–{MaxYear}, the years sales may have");
            }
        }

        if (StartYear is { } s && EndYear is { } e && e < s)
        {
            throw new ArgumentOutOfRangeException(nameof(EndYear), e, "end year is before start year");
        }

        if (BaseYear is { } b && ((StartYear is { } from && b < from) || (EndYear is { } to && b > to)))
        {
            throw new ArgumentOutOfRangeException(nameof(BaseYear), b, $"base year {b} lies outside the output years {StartYear?.ToString() ?? "first"}–{EndYear?.ToString() ?? "last"}");
        }
    }

    /// <summary>
    /// Why the base year cannot be used with data whose sales span <paramref name="firstYear"/>–<paramref name="lastYear"/>
    /// (no series could be rebased there: the output would be empty, or indexed at another year), or null.
    /// </summary>
    public string? BaseYearProblem(int firstYear, int lastYear)
    {
        var from = Math.Max(firstYear, StartYear ?? firstYear);
        var to = Math.Min(lastYear, EndYear ?? lastYear);
        return BaseYear is { } b && (b < from || b > to) ? $"base year {b} lies outside the years indexed, {from}–{to}" : null;
    }
}
