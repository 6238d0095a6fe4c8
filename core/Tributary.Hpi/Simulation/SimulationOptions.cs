namespace Tributary.Hpi.Simulation;

/// <summary>Size and seed of a simulated market. The defaults make a market whose every weighting recovers the truth within
/// 0.02 log points and that the test suite computes in about a second.</summary>
/// <param name="PropertiesPerTract">Mean properties per tract; each tract gets 0.5–1.5 times this, so some tracts need merging.</param>
/// <param name="SaleProbability">Chance that a property sells in a given year.</param>
public sealed record SimulationOptions(
    int Seed = 1,
    int Cbsas = 5,
    int TractsPerCbsa = 25,
    int StartYear = 2000,
    int EndYear = 2020,
    int PropertiesPerTract = 400,
    double SaleProbability = 0.12)
{
    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        Check(Cbsas is >= 1 and <= 10_000, nameof(Cbsas), "1–10000");
        Check(TractsPerCbsa is >= 1 and <= 10_000, nameof(TractsPerCbsa), "1–10000");
        Check(PropertiesPerTract is >= 1 and <= 100_000, nameof(PropertiesPerTract), "1–100000");
        Check(StartYear is >= 1900 and <= 2100 && EndYear is >= 1900 and <= 2100 && EndYear > StartYear, nameof(EndYear),
            "years in 1900–2100 with end after start");
        Check(SaleProbability is > 0 and <= 1, nameof(SaleProbability), "(0, 1]");
        Check((long)Cbsas * TractsPerCbsa * PropertiesPerTract <= 50_000_000, nameof(PropertiesPerTract),
            "at most 50 million properties in all");
    }

    private static void Check(bool ok, string name, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {range}");
        }
    }
}
