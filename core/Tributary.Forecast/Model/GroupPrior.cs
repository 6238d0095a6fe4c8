namespace Tributary.Forecast.Model;

/// <summary>What the stalls of one category at one market have in common: shared effects, the spread of their levels, noise.</summary>
/// <param name="Beta">Shared coefficients (slot 0, the level, unused).</param>
/// <param name="LevelMean">Mean log level of the group's series.</param>
/// <param name="LevelVariance">Variance of those levels: how much one stall's level says about a new one.</param>
/// <param name="Size">Negative-binomial size k of the day-to-day noise around expected demand.</param>
public sealed record GroupPrior(string Market, string? Category, double[] Beta, double LevelMean, double LevelVariance, double Size, int Series);
