using Tributary.Forecast.Evaluation;
using Tributary.Forecast.Input;

namespace Tributary.Forecast.Simulation;

/// <summary>A simulated market in memory: the inputs a user would have, the truth a user never sees, and the coming market days.</summary>
/// <param name="Catalog">Category of every product (also applied to the histories).</param>
/// <param name="FutureDates">Market days after the history (any market), ascending.</param>
public sealed record SimulatedMarket(SimulationOptions Options, ForecastInputs Inputs, ProductCatalog Catalog, TruthTable Truth,
    IReadOnlyList<DateOnly> FutureDates);
