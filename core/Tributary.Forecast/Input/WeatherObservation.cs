namespace Tributary.Forecast.Input;

/// <summary>The weather of one market on one day (observed for history, forecast for coming days).</summary>
public readonly record struct WeatherObservation(double TempC, double PrecipMm, double WindKph);
