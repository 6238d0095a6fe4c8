using Tributary.Forecast.Feedback;
using Tributary.Forecast.Input;

namespace Tributary.Forecast.Tests;

/// <summary>Variance and KPIs from actuals, by their definitions.</summary>
public sealed class FeedbackTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "forecast-fb-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static readonly SeriesKey A = new("R", "Oak Farm", "tomatoes");
    private static readonly SeriesKey B = new("R", "Fox Bakery", "sourdough");

    [Fact]
    public void Kpis_follow_their_definitions_per_vendor_and_overall()
    {
        var d1 = new DateOnly(2027, 6, 5);
        var d2 = new DateOnly(2027, 6, 12);
        Variance[] days =
        [
            new(A, d1, 1, 24, 20, 24, 22),  // within ±20%, not sold out, 2 wasted
            new(A, d2, 1, 24, 20, 20, 20),  // sold out: left out of within/MAPE/bias
            new(B, d1, 1, 12, 10, null, 5), // brought unknown: not in sell-out or waste
        ];
        var kpis = AccuracyKpis.Compute(days);
        var all = kpis.Single(k => k.Vendor == AccuracyKpis.AllVendors);
        Assert.Equal(3, all.Days);
        Assert.Equal(2, all.Evaluated);
        Assert.Equal(0.5, all.WithinShare, 10);                                // 20 vs 22 within; 10 vs 5 not
        Assert.Equal((2.0 / 22 + 5.0 / 5) / 2, all.Mape, 10);
        Assert.Equal((20 - 22 + 10 - 5) / 27.0, all.Bias, 10);
        Assert.Equal(0.5, all.SelloutRate, 10);                                // of the two days with brought known
        Assert.Equal(2 / 44.0, all.WasteRate, 10);
        var oak = kpis.Single(k => k.Vendor == "Oak Farm");
        Assert.Equal(1.0, oak.WithinShare, 10);
        Assert.True(double.IsNaN(kpis.Single(k => k.Vendor == "Fox Bakery").SelloutRate));
    }

    [Fact]
    public void Recording_joins_actuals_keeps_a_ledger_and_merges_history()
    {
        var d1 = new DateOnly(2027, 6, 5);
        IssuedRecommendation[] issued = [new(A, d1, 24, 20, 15, 26, 1), new(B, d1, 12, 10, 7, 13, 1)];
        var actuals = new SalesHistory([new ProductHistory(A, null, [new MarketDaySale(d1, 22, 24, 3.5)]),
            new ProductHistory(new SeriesKey("R", "Oak Farm", "carrots"), null, [new MarketDaySale(d1, 3, 3, 2)])]);
        var outcome = FeedbackLedger.Record(_dir, issued, actuals);
        Assert.Single(outcome.Added);
        Assert.Equal(1, outcome.Unmatched);
        Assert.Equal(1, outcome.Pending);
        Assert.Equal(0, outcome.Added[0].BroughtMinusRecommended);
        Assert.Single(FeedbackLedger.Read(_dir));

        // The same day reported again (corrected) replaces, not duplicates.
        var corrected = new SalesHistory([new ProductHistory(A, null, [new MarketDaySale(d1, 23, 24, 3.5)])]);
        FeedbackLedger.Record(_dir, issued, corrected);
        Assert.Equal(23, FeedbackLedger.Read(_dir).Single().UnitsSold);
        Assert.True(File.Exists(Path.Combine(_dir, FeedbackLedger.AccuracyFileName)));

        var history = new SalesHistory([new ProductHistory(A, null, [new MarketDaySale(d1.AddDays(-7), 19, null, 3.5)])]);
        var merged = FeedbackLedger.Merge(history, actuals);
        Assert.Equal(2, merged.Products.Single(p => p.Key == A).Days.Length);
        Assert.Equal(2, merged.Products.Count);
    }

    [Fact]
    public void Model_versions_number_on()
    {
        ModelVersion Make(int n, IReadOnlyList<ModelVersion> previous) =>
            new(n, DateTime.UnixEpoch, new DateOnly(2027, 5, 31).AddDays(7 * previous.Count), "sales.csv", 1, 1, 0, previous.Count, false, false, 0.8, []);
        Assert.Equal(1, ModelVersions.Append(_dir, Make).Version);
        Assert.Equal(2, ModelVersions.Append(_dir, Make).Version);
        var versions = ModelVersions.Read(_dir);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(new DateOnly(2027, 6, 7), versions[1].HistoryEnd);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
