namespace Tributary.Forecast.Model;

/// <summary>Hyper-parameters of the pooled demand model. The defaults were chosen by rolling-origin backtests on the simulator
/// (docs/forecast.md); a user can compare settings with <c>forecast backtest</c>.</summary>
public sealed record ModelSettings
{
    /// <summary>A series with fewer market days than this takes its level from its vendor and category (a new product).</summary>
    public int MinOwnDays { get; init; } = 8;

    /// <summary>Series of one (market, category) used to fit that group's shared effects; more add time, not accuracy.</summary>
    public int MaxSeriesPerGroup { get; init; } = 150;

    /// <summary>Series used to fit the market-wide effects every group shrinks toward.</summary>
    public int MaxSeriesGlobal { get; init; } = 300;

    /// <summary>Newton/EM iterations of one series' fit (it converges in 4–6 from the group's coefficients).</summary>
    public int SeriesIterations { get; init; } = 8;

    /// <summary>Alternating iterations of a pooled fit.</summary>
    public int PooledIterations { get; init; } = 6;

    /// <summary>Uncensored days of evidence the market-wide noise estimate counts for when a group's own is shrunk toward it.</summary>
    public int NoisePriorDays { get; init; } = 2000;

    /// <summary>Whether sold-out days are treated as censored (demand ≥ sold). Off only to show what ignoring it costs.</summary>
    public bool HandleCensoring { get; init; } = true;

    /// <summary>Prior standard deviation of a series' coefficient around its group's, per driver: how far one stall may
    /// differ from its category at its market. Tight where a stall's own data cannot tell the effect apart (weather, events).</summary>
    public IReadOnlyDictionary<Driver, double> SeriesSpread { get; init; } = new Dictionary<Driver, double>
    {
        [Driver.Weekday] = 0.25, [Driver.Season] = 0.2, [Driver.Trend] = 0.08, [Driver.Temperature] = 0.05,
        [Driver.Rain] = 0.05, [Driver.Wind] = 0.05, [Driver.Event] = 0.1, [Driver.Price] = 0.25,
    };

    /// <summary>Prior standard deviation of a (market, category) group's coefficient around the market-wide one.</summary>
    public IReadOnlyDictionary<Driver, double> GroupSpread { get; init; } = new Dictionary<Driver, double>
    {
        [Driver.Weekday] = 0.5, [Driver.Season] = 0.5, [Driver.Trend] = 0.1, [Driver.Temperature] = 0.2,
        [Driver.Rain] = 0.2, [Driver.Wind] = 0.2, [Driver.Event] = 0.3, [Driver.Price] = 0.5,
    };

    /// <summary>Prior standard deviation of a market-wide coefficient around zero (no effect).</summary>
    public IReadOnlyDictionary<Driver, double> GlobalSpread { get; init; } = new Dictionary<Driver, double>
    {
        [Driver.Weekday] = 1, [Driver.Season] = 1, [Driver.Trend] = 0.2, [Driver.Temperature] = 0.5,
        [Driver.Rain] = 0.5, [Driver.Wind] = 0.5, [Driver.Event] = 0.5, [Driver.Price] = 1,
    };

    /// <summary>Prior standard deviation of a series' level around its group's mean when it has history of its own.</summary>
    public double LevelSpread { get; init; } = 1.5;

    /// <summary>Precisions (1/sd²) per column from a spread table; the level column gets <paramref name="level"/>.</summary>
    internal static double[] Precisions(IReadOnlyDictionary<Driver, double> spread, double level)
    {
        var p = new double[DemandFeatures.Count];
        p[DemandFeatures.Level] = level;
        for (var j = 1; j < p.Length; j++)
        {
            var sd = spread[DemandFeatures.DriverOf[j]];
            p[j] = 1 / (sd * sd);
        }

        return p;
    }
}
