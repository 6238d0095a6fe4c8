namespace Tributary.Forecast.Input;

/// <summary>Where a day's weather came from, most informative first (the degradation order stated on each recommendation).</summary>
public enum WeatherSource
{
    /// <summary>A row in weather.csv for that market and date (observation or forecast).</summary>
    Forecast,

    /// <summary>No row: the average of that market's history around the same week of the year.</summary>
    Climatology,

    /// <summary>No weather for the market at all: a neutral day, so weather moves nothing.</summary>
    Neutral,
}
