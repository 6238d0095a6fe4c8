namespace Tributary.Forecast.Simulation;

/// <summary>How demand for one kind of product responds to its world (the simulator's truth, by category).</summary>
/// <param name="BaseUnits">Typical units a stall sells on a plain Saturday.</param>
/// <param name="Elasticity">Log-change of demand per log-change of price.</param>
/// <param name="Temperature">Log-effect per 10 °C above 15 °C.</param>
/// <param name="Rain">Log-effect per unit of log(1 + mm).</param>
/// <param name="Event">Log-effect per unit of log(1 + attendance/1000).</param>
/// <param name="SeasonAmplitude">Amplitude of the annual cycle in logs.</param>
/// <param name="SeasonPeak">Day of year of the seasonal peak.</param>
internal sealed record CategoryProfile(string Name, double BaseUnits, double Price, double Elasticity, double Temperature, double Rain,
    double Event, double SeasonAmplitude, int SeasonPeak, string[] Products)
{
    public static IReadOnlyList<CategoryProfile> All { get; } =
    [
        new("produce", 40, 3.5, -0.8, 0.06, -0.10, 0.10, 0.35, 220, ["tomatoes", "lettuce", "carrots", "potatoes", "courgettes", "apples", "berries", "beans"]),
        new("bakery", 35, 5, -0.6, -0.04, -0.08, 0.15, 0.10, 330, ["sourdough", "rye loaf", "croissants", "baguettes", "cinnamon buns", "focaccia"]),
        new("dairy", 25, 6, -0.7, 0.0, -0.08, 0.08, 0.08, 100, ["goat cheese", "yoghurt", "butter", "cheddar", "milk", "eggs"]),
        new("flowers", 20, 8, -1.2, 0.10, -0.18, 0.12, 0.45, 130, ["tulips", "sunflowers", "peonies", "dahlias", "mixed bouquet"]),
        new("prepared_food", 45, 9, -0.9, -0.05, -0.15, 0.25, 0.12, 200, ["falafel wrap", "curry bowl", "dumplings", "empanadas", "crepes", "soup"]),
        new("beverages", 40, 4, -1.0, 0.25, -0.12, 0.22, 0.30, 200, ["lemonade", "cold brew", "kombucha", "apple juice", "iced tea"]),
        new("preserves", 15, 7, -0.5, 0.0, -0.05, 0.10, 0.15, 320, ["strawberry jam", "honey", "chutney", "pickles", "marmalade"]),
    ];
}
