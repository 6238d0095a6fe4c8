using Tributary.Forecast.Input;

namespace Tributary.Forecast.Backtesting;

/// <summary>The baselines a demand model must beat, from a series' past alone.</summary>
public static class Baselines
{
    /// <summary>Seasonal naive: units sold on the most recent market day with the same weekday (last week's, when the market met).</summary>
    public static double? SeasonalNaive(ProductHistory past, DateOnly date)
    {
        for (var i = past.Days.Length - 1; i >= 0; i--)
        {
            if (past.Days[i].Date < date && past.Days[i].Date.DayOfWeek == date.DayOfWeek)
            {
                return past.Days[i].UnitsSold;
            }
        }

        return null;
    }

    /// <summary>Moving average of units sold over the last <paramref name="weeks"/> market days with the same weekday.</summary>
    public static double? MovingAverage(ProductHistory past, DateOnly date, int weeks = 4)
    {
        var sum = 0.0;
        var n = 0;
        for (var i = past.Days.Length - 1; i >= 0 && n < weeks; i--)
        {
            if (past.Days[i].Date < date && past.Days[i].Date.DayOfWeek == date.DayOfWeek)
            {
                sum += past.Days[i].UnitsSold;
                n++;
            }
        }

        return n == 0 ? null : sum / n;
    }
}
