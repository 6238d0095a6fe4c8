using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>The terms of the log-linear demand model: log E[demand] = β · x. Column 0 is the series' level.</summary>
/// <remarks>Every term is zero on a "plain" day (Saturday, no event, reference price, neutral weather at the history's end)
/// except the season harmonics, so a level is comparable across series and a new product can borrow one.</remarks>
public static class DemandFeatures
{
    public const int Count = 17;
    public const int Level = 0;
    private const int FirstWeekday = 1; // Sunday..Friday dummies; Saturday, the busiest market day, is the reference
    private const int FirstSeason = 7;
    public const int Trend = 11;
    public const int Temperature = 12;
    public const int Rain = 13;
    public const int Wind = 14;
    public const int Event = 15;
    public const int Price = 16;

    /// <summary>The driver each column belongs to.</summary>
    public static IReadOnlyList<Driver> DriverOf { get; } =
    [
        Driver.Level,
        Driver.Weekday, Driver.Weekday, Driver.Weekday, Driver.Weekday, Driver.Weekday, Driver.Weekday,
        Driver.Season, Driver.Season, Driver.Season, Driver.Season,
        Driver.Trend, Driver.Temperature, Driver.Rain, Driver.Wind, Driver.Event, Driver.Price,
    ];

    /// <summary>Writes the terms of one market day into <paramref name="x"/>.</summary>
    /// <param name="reference">The end of the market's history: the trend is counted in years from there.</param>
    /// <param name="eventLoad">log(1 + attendance / 1000) summed over the day's events.</param>
    /// <param name="priceRatio">Price over the series' usual (median) price.</param>
    public static void Fill(Span<double> x, DateOnly date, DateOnly reference, WeatherObservation weather, double eventLoad, double priceRatio)
    {
        x.Clear();
        x[Level] = 1;
        var dow = (int)date.DayOfWeek;
        if (dow != (int)DayOfWeek.Saturday)
        {
            x[FirstWeekday + dow] = 1;
        }

        // Two annual harmonics: one peak and its asymmetry are what farm produce, flowers and crowds show.
        var angle = 2 * Math.PI * (date.DayOfYear - 1) / 365.25;
        x[FirstSeason] = Math.Sin(angle);
        x[FirstSeason + 1] = Math.Cos(angle);
        x[FirstSeason + 2] = Math.Sin(2 * angle);
        x[FirstSeason + 3] = Math.Cos(2 * angle);
        x[Trend] = (date.DayNumber - reference.DayNumber) / 365.25;
        var neutral = WeatherTable.NeutralDay;
        x[Temperature] = (weather.TempC - neutral.TempC) / 10;
        x[Rain] = Math.Log(1 + weather.PrecipMm);     // diminishing: the first millimetres keep most shoppers home
        x[Wind] = (weather.WindKph - neutral.WindKph) / 10;
        x[Event] = eventLoad;
        x[Price] = priceRatio > 0 ? Math.Log(priceRatio) : 0; // the coefficient is the price elasticity
    }

    /// <summary>log(1 + attendance / 1000) over the events of a day.</summary>
    public static double EventLoad(IReadOnlyList<MarketEvent> events)
    {
        var attendance = 0.0;
        foreach (var e in events)
        {
            attendance += e.ExpectedAttendance;
        }

        return Math.Log(1 + attendance / 1000);
    }
}
