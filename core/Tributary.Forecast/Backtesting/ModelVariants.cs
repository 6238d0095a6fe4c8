using Tributary.Forecast.Model;

namespace Tributary.Forecast.Backtesting;

/// <summary>Alternatives to the default model, scored in the backtest to show what each design choice is worth.</summary>
public static class ModelVariants
{
    private static readonly Dictionary<Driver, double> Loose = Enum.GetValues<Driver>().ToDictionary(d => d, _ => 10.0);

    /// <summary>Each series on its own: priors so loose that the market, category and vendor say nothing.</summary>
    public static ModelSettings NoPooling { get; } = new() { SeriesSpread = Loose, GroupSpread = Loose, GlobalSpread = Loose, LevelSpread = 10 };

    /// <summary>Sold-out days taken at face value (demand = sold), as a naive model would.</summary>
    public static ModelSettings IgnoreStockouts { get; } = new() { HandleCensoring = false };

    /// <summary>The variants with their report names.</summary>
    public static IReadOnlyList<(string Name, ModelSettings Settings)> All { get; } =
    [
        ("demand model without pooling", NoPooling),
        ("demand model ignoring stock-outs", IgnoreStockouts),
    ];
}
