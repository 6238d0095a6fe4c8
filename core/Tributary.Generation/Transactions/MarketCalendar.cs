namespace Tributary.Generation.Transactions;

/// <summary>
/// When Indians pay: hour-of-day and weekday intensity, salary days (1st-3rd of the month) and festival days
/// (Diwali, Dhanteras, Holi, Eid, Ganesh Chaturthi, Dussehra, Sankranti, Independence Day sales, Christmas).
/// Transactions arrive as a Poisson process whose rate is the product of these factors.
/// </summary>
public static class MarketCalendar
{
    /// <summary>IST offset from UTC in seconds (+05:30).</summary>
    public const int IstOffsetSeconds = 19800;

    /// <summary>Start of simulated time: 2025-01-01 00:00 IST, as Unix seconds.</summary>
    public static readonly long EpochUnixSeconds =
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromSeconds(IstOffsetSeconds)).ToUnixTimeSeconds();

    private static readonly int EpochDayNumber = new DateOnly(2025, 1, 1).DayNumber;

    // Relative payment volume per IST hour (UPI hourly volume shape: quiet nights, lunch and evening peaks).
    private static readonly double[] RawHourly =
        [0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.7, 1.1, 1.3, 1.4, 1.45, 1.55, 1.45, 1.35, 1.3, 1.35, 1.5, 1.7, 1.85, 1.8, 1.5, 1.0, 0.5];

    /// <summary>Hourly intensity normalised to mean 1, indexed by IST hour.</summary>
    public static IReadOnlyList<double> Hourly { get; } = RawHourly.Select(h => h * 24 / RawHourly.Sum()).ToArray();

    // Monday first; weekends busier for retail.
    private static readonly double[] Weekday = [0.95, 0.93, 0.95, 0.98, 1.05, 1.12, 1.02];

    private static readonly HashSet<DateOnly> FestivalDays =
    [
        new(2025, 1, 14), new(2025, 3, 14), new(2025, 3, 31), new(2025, 8, 15), new(2025, 8, 27), new(2025, 10, 2),
        new(2025, 10, 18), new(2025, 10, 20), new(2025, 12, 25),
        new(2026, 1, 14), new(2026, 3, 4), new(2026, 3, 20), new(2026, 8, 15), new(2026, 9, 14), new(2026, 10, 20),
        new(2026, 11, 6), new(2026, 11, 8), new(2026, 12, 25),
        new(2027, 1, 14), new(2027, 3, 10), new(2027, 3, 22), new(2027, 8, 15), new(2027, 9, 4), new(2027, 10, 9),
        new(2027, 10, 27), new(2027, 10, 29), new(2027, 12, 25),
    ];

    /// <summary>Facts about one simulated day, computed once per day by the generator.</summary>
    public readonly record struct Day(int Index, int DayOfWeek, int DayOfMonth, bool IsSalaryDay, bool IsFestival, double Intensity, double SpendBoost);

    /// <summary>Describes day <paramref name="index"/> after the epoch (0 = 2025-01-01).</summary>
    public static Day Describe(int index)
    {
        var date = DateOnly.FromDayNumber(EpochDayNumber + index);
        var dow = ((int)date.DayOfWeek + 6) % 7; // Monday = 0
        var salary = date.Day <= 3;
        // Movable feasts are tabulated for 2025-2027; later years keep the fixed-date ones.
        var festival = FestivalDays.Contains(date) ||
                       (date.Year > 2027 && ((date.Month == 1 && date.Day == 14) || (date.Month == 8 && date.Day == 15) ||
                                             (date.Month == 12 && date.Day == 25)));
        var intensity = Weekday[dow] * (salary ? 1.3 : 1.0) * (festival ? 1.6 : 1.0);
        var boost = (salary ? 1.15 : 1.0) * (festival ? 1.3 : 1.0);
        return new Day(index, dow, date.Day, salary, festival, intensity, boost);
    }
}
