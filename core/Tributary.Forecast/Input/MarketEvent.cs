namespace Tributary.Forecast.Input;

/// <summary>Something happening at or near a market on one day that brings a crowd (festival, concert, fair).</summary>
public sealed record MarketEvent(DateOnly Date, string Market, string Name, int ExpectedAttendance);
