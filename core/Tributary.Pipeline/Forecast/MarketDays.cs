using Tributary.Forecast.Input;

namespace Tributary.Pipeline.Forecast;

/// <summary>The default dates of a run that names none: for each market, the first day after the history on which it meets.</summary>
public static class MarketDays
{
    /// <summary>How far back the market's weekdays are read: recent enough to follow a change of market day, long enough to see every one.</summary>
    public const int WeekdayWindowDays = 56;

    /// <summary>
    /// Each market's next market day after the last date of the whole history: the first later date whose weekday the market
    /// traded on in the <see cref="WeekdayWindowDays"/> days up to its own last sale.
    /// </summary>
    public static IReadOnlyDictionary<string, DateOnly> Next(SalesHistory sales)
    {
        ArgumentNullException.ThrowIfNull(sales);
        var result = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var market in sales.Products.GroupBy(p => p.Key.Market, StringComparer.Ordinal))
        {
            var days = market.SelectMany(p => p.Days.Select(d => d.Date)).ToArray();
            var last = days.Max();
            var weekdays = days.Where(d => d > last.AddDays(-WeekdayWindowDays)).Select(d => d.DayOfWeek).ToHashSet();
            var next = sales.Last.AddDays(1);
            while (!weekdays.Contains(next.DayOfWeek))
            {
                next = next.AddDays(1);
            }

            result[market.Key] = next;
        }

        return result;
    }
}
