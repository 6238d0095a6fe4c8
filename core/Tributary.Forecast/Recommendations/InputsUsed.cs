using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Recommendations;

/// <summary>The <c>inputs_used</c> column: which inputs a recommendation rests on and what it fell back to.</summary>
/// <remarks>Semicolon-separated <c>name=value</c> tokens, no commas, so the column reads and parses easily:
/// <c>history=146d</c>, <c>sold_out=12d</c> (censored days), <c>weather=forecast|climatology|neutral</c>,
/// <c>events=listed|none_listed|missing</c>, and for a new product <c>prior=vendor+category|vendor+market</c>.</remarks>
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
        return model.Pooling switch
        {
            Pooling.VendorAndCategory => text + ";prior=vendor+category",
            Pooling.VendorAndMarket => text + ";prior=vendor+market",
            _ => text,
        };
    }
}
