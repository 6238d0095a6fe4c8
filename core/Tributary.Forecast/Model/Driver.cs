namespace Tributary.Forecast.Model;

/// <summary>A group of model terms a user recognises as one reason for demand to move.</summary>
public enum Driver
{
    /// <summary>The series' own level (column 0): what the other drivers move up or down, never a reason itself.</summary>
    Level,
    Weekday,
    Season,
    Trend,
    Temperature,
    Rain,
    Wind,
    Event,
    Price,
}
