namespace Tributary.Forecast.Model;

/// <summary>A group of model terms a user recognises as one reason for demand to move.</summary>
public enum Driver
{
    Weekday,
    Season,
    Trend,
    Temperature,
    Rain,
    Wind,
    Event,
    Price,
}
