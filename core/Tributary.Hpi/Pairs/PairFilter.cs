namespace Tributary.Hpi.Pairs;

/// <summary>The outcome of the pair filters (method §2), in the order they are tested: the first that applies is counted.</summary>
public enum PairOutcome
{
    /// <summary>The pair passes every filter.</summary>
    Kept = 0,
    /// <summary>Both sales in the same year (annual index).</summary>
    SamePeriod = 1,
    /// <summary>P1/P0 above the maximum ratio.</summary>
    RatioAboveMax = 2,
    /// <summary>P1/P0 below the minimum ratio.</summary>
    RatioBelowMin = 3,
    /// <summary>|CAGR| above the maximum.</summary>
    CagrAboveMax = 4,
}

/// <summary>The repeat-sales pair filters with every threshold taken from <see cref="HpiParameters"/>.</summary>
public static class PairFilter
{
    /// <summary>Days per year used to turn a holding period into years for the CAGR.</summary>
    public const double DaysPerYear = 365.25;

    /// <summary>Classifies one pair. Boundaries are inclusive on the kept side: ratio exactly 10 or 0.25 and |CAGR| exactly
    /// 30% are kept, as the method drops only ratios above 10 or below 0.25 and |CAGR| above 30%.</summary>
    /// <remarks>CAGR uses the exact holding period in days / 365.25 rather than the year difference, so a December→January
    /// resale is judged on its true one-month holding, as "t in years" in the method says.</remarks>
    public static PairOutcome Classify(int firstDay, int secondDay, double firstPrice, double secondPrice, HpiParameters parameters)
    {
        if (YearOf(firstDay) == YearOf(secondDay))
        {
            return PairOutcome.SamePeriod;
        }

        var ratio = secondPrice / firstPrice;
        if (ratio > parameters.MaxPriceRatio)
        {
            return PairOutcome.RatioAboveMax;
        }

        if (ratio < parameters.MinPriceRatio)
        {
            return PairOutcome.RatioBelowMin;
        }

        var years = (secondDay - firstDay) / DaysPerYear;
        var cagr = Math.Pow(ratio, 1.0 / years) - 1.0;
        return Math.Abs(cagr) > parameters.MaxAbsCagr ? PairOutcome.CagrAboveMax : PairOutcome.Kept;
    }

    /// <summary>Calendar year of a day number.</summary>
    public static int YearOf(int dayNumber) => DateOnly.FromDayNumber(dayNumber).Year;
}
