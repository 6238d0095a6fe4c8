namespace Tributary.Forecast.Simulation;

/// <summary>Size, seed and behaviour of a simulated market. The defaults make a market the test suite trains in about a second.</summary>
/// <param name="Start">First day of history.</param>
/// <param name="HistoryDays">Days of history (1095 = three years, ending 2027-05-31 with the default start).</param>
/// <param name="FutureDays">Days after the history with weather forecasts, events and truth, but no sales: the days to recommend for.</param>
/// <param name="Size">Negative-binomial size k of demand noise (variance μ + μ²/k): 40 gives realistic scatter on tens of units.</param>
/// <param name="CoverLow">Lowest multiple of their own rough forecast that vendors bring; below 1 many days sell out.</param>
/// <param name="CoverHigh">Highest such multiple.</param>
/// <param name="RecordBroughtShare">Share of vendors who record units brought (the others leave the column empty).</param>
/// <param name="WeatherScale">Multiplies every weather effect (0 makes weather irrelevant).</param>
/// <param name="HistoryTruth">Whether truth is kept for history days too (the censoring checks need it; big benchmarks do not).</param>
public sealed record SimulationOptions(
    int Seed = 7,
    int Markets = 3,
    int Vendors = 40,
    int ProductsPerVendor = 4,
    DateOnly? Start = null,
    int HistoryDays = 1095,
    int FutureDays = 28,
    double Size = 40,
    double CoverLow = 0.95,
    double CoverHigh = 1.6,
    double RecordBroughtShare = 0.85,
    double WeatherScale = 1,
    bool HistoryTruth = true)
{
    /// <summary>The default first day of history.</summary>
    public static readonly DateOnly DefaultStart = new(2024, 6, 1);

    public DateOnly FirstDay => Start ?? DefaultStart;

    public DateOnly LastHistoryDay => FirstDay.AddDays(HistoryDays - 1);

    /// <summary>Heavy stock-outs: vendors bring 60–95% of what they expect to sell, and all of them record it.</summary>
    public SimulationOptions WithHeavyStockouts() => this with { CoverLow = 0.6, CoverHigh = 0.95, RecordBroughtShare = 1 };

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        Check(Markets is >= 1 and <= 1000, nameof(Markets), "1–1000");
        Check(Vendors is >= 1 and <= 1_000_000, nameof(Vendors), "1–1000000");
        Check(ProductsPerVendor is >= 1 and <= 50, nameof(ProductsPerVendor), "1–50");
        Check(HistoryDays is >= 56 and <= 3660, nameof(HistoryDays), "56–3660");
        Check(FutureDays is >= 0 and <= 366, nameof(FutureDays), "0–366");
        Check(Size is > 0 and <= 1e4, nameof(Size), "(0, 10000]");
        Check(CoverLow > 0 && CoverHigh >= CoverLow && CoverHigh <= 10, nameof(CoverHigh), "0 < low ≤ high ≤ 10");
        Check(RecordBroughtShare is >= 0 and <= 1, nameof(RecordBroughtShare), "[0, 1]");
        Check(WeatherScale is >= 0 and <= 5, nameof(WeatherScale), "[0, 5]");
    }

    private static void Check(bool ok, string name, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {range}");
        }
    }
}
