using System.Globalization;
using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Recommendations;

/// <summary>The one-line reason of a recommendation: the largest effects against a typical day, strongest first.</summary>
public static class ReasonText
{
    /// <summary>Effects smaller than this (as a share of demand) are not worth a user's attention.</summary>
    public const double MinimumShare = 0.03;

    private const int MaxDrivers = 3;

    public static string For(DemandForecast forecast, SeriesModel model)
    {
        var parts = forecast.Effects
            .Select(e => (e.Key, Share: Math.Exp(e.Value) - 1))
            .Where(e => Math.Abs(e.Share) >= MinimumShare && Label(e.Key, forecast, model) is not null)
            .OrderByDescending(e => Math.Abs(e.Share)).ThenBy(e => e.Key)
            .Take(MaxDrivers)
            .Select(e => $"{Label(e.Key, forecast, model)} {Percent(e.Share)}")
            .ToList();
        if (!model.HasTradedOn(forecast.Date.DayOfWeek))
        {
            parts.Insert(0, $"no {forecast.Date.DayOfWeek} sales in history");
        }

        if (model.Pooling != Pooling.OwnHistory)
        {
            parts.Insert(0, model.Pooling == Pooling.VendorAndCategory ? "new product: level from vendor and category" : "new product: level from vendor and market");
        }

        return parts.Count == 0 ? $"typical {forecast.Date.DayOfWeek}" : string.Join(", ", parts);
    }

    /// <summary>"+35%" or "−18%" (a true minus sign).</summary>
    public static string Percent(double share)
    {
        var rounded = Math.Round(share * 100);
        return (rounded < 0 ? "\u2212" : "+") + Math.Abs(rounded).ToString("F0", CultureInfo.InvariantCulture) + "%";
    }

    private static string? Label(Driver driver, DemandForecast f, SeriesModel model)
    {
        var inv = CultureInfo.InvariantCulture;
        var forecast = f.WeatherSource == WeatherSource.Forecast;
        return driver switch
        {
            Driver.Weekday => f.Date.DayOfWeek.ToString(),
            Driver.Season => $"{f.Date.ToString("MMMM", inv)} season",
            Driver.Trend => "trend",
            Driver.Temperature when f.WeatherSource == WeatherSource.Neutral => null,
            Driver.Temperature => forecast ? $"{f.Weather.TempC.ToString("F0", inv)}°C forecast" : $"usual {f.Weather.TempC.ToString("F0", inv)}°C for the week",
            Driver.Rain when f.WeatherSource == WeatherSource.Neutral => null,
            Driver.Rain => forecast ? (f.Weather.PrecipMm >= 0.5 ? $"rain forecast {f.Weather.PrecipMm.ToString("F0", inv)} mm" : "dry forecast") : "usual rain for the week",
            Driver.Wind when f.WeatherSource == WeatherSource.Neutral => null,
            Driver.Wind => forecast ? $"wind {f.Weather.WindKph.ToString("F0", inv)} km/h forecast" : "usual wind for the week",
            Driver.Event => f.Events.Count == 0 ? null : string.Join(" + ", f.Events.Select(e => e.Name)),
            Driver.Price => $"price {model.LastPrice.ToString("F2", inv)} vs usual {model.UsualPrice.ToString("F2", inv)}",
            _ => null,
        };
    }
}
