namespace Tributary.Pipeline.Forecast;

/// <summary>Parameters of a forecast run (a drop's manifest.json or the body's `parameters`); every field is optional.</summary>
/// <param name="Dates">Market days to recommend for, ISO yyyy-MM-dd (1-366 of them); absent: each market's next market day after the history.</param>
/// <param name="ServiceLevel">Share of days on which what is brought should cover demand, strictly between 0 and 1 (default 0.8).</param>
/// <param name="Partitions">Most vendor buckets, i.e. activities (1-1000; default 64): vendors are packed by market days.</param>
public sealed record ForecastRunParameters(IReadOnlyList<string>? Dates = null, double? ServiceLevel = null, int? Partitions = null);
