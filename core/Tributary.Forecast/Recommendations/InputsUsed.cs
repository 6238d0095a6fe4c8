using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Recommendations;

/// <summary>The <c>inputs_used</c> column: which inputs a recommendation rests on and what it fell back to.</summary>
/// <remarks>Semicolon-separated <c>name=value</c> tokens, no commas, so the column reads and parses easily:
/// <c>history=146d</c>, <c>sold_out=12d</c> (censored days), <c>weather=forecast|climatology|neutral</c>,
/// <c>events=listed|none_listed|missing</c>, for a new product <c>prior=vendor+category|vendor+market</c>, and
/// <c>weekday=unseen</c> when the series never sold on that weekday (the market may not meet then).</remarks>
public static class InputsUsed
{
    public static string For(DemandForecast forecast, SeriesModel model, bool eventsSupplied)
    {
        var weather = forecast.WeatherSource switch
        {
            WeatherSource.Forecast => "forecast",
            WeatherSource.Climatology => "climatology",
            _ => "neutral",
        };
        var events = !eventsSupplied ? "missing" : forecast.Events.Count > 0 ? "listed" : "none_listed";
        var text = $"history={model.Days}d;sold_out={model.SoldOutDays}d;weather={weather};events={events}";
        text += model.Pooling switch
        {
            Pooling.VendorAndCategory => ";prior=vendor+category",
            Pooling.VendorAndMarket => ";prior=vendor+market",
            _ => "",
        };
        return model.HasTradedOn(forecast.Date.DayOfWeek) ? text : text + ";weekday=unseen";
    }
}
