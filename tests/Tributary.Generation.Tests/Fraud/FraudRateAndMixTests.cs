using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Tests.Fraud;

public class FraudRateAndMixTests
{
    // Rows arrive in episodes, so counts vary more than a binomial: the variance of a type's row count is about
    // L² · (expected episodes) for episode length L. Tolerances below are 4.5 such standard deviations, plus one episode
    // for the few episodes the end of a batch does not start.
    [Theory]
    [InlineData(0.02, 21UL)]
    [InlineData(0.08, 22UL)]
    public void Configured_fraud_rate_and_mix_are_met_within_sampling_error(double rate, ulong seed)
    {
        var spec = RunFixtures.Spec(seed, 240_000, 60_000, rate);
        var rows = RunFixtures.Generate(spec, ReferenceData.For(spec));
        var n = rows.Count;
        var byType = rows.GroupBy(r => r.Fraud).ToDictionary(g => g.Key, g => (long)g.Count());
        var fraudRows = n - byType.GetValueOrDefault(FraudType.None);

        var meanLength = FraudCatalog.All.Sum(p => p.DefaultShare * p.MeanRows) / FraudCatalog.All.Sum(p => p.DefaultShare);
        var expected = rate * n;
        var sd = Math.Sqrt(expected * meanLength);
        Assert.InRange(fraudRows, expected - (4.5 * sd) - (4 * 20), expected + (4.5 * sd));

        var shareTotal = FraudCatalog.All.Sum(p => p.DefaultShare);
        foreach (var pattern in FraudCatalog.All)
        {
            var typeExpected = fraudRows * pattern.DefaultShare / shareTotal;
            var typeSd = pattern.MeanRows * Math.Sqrt(typeExpected / pattern.MeanRows);
            var observed = byType.GetValueOrDefault(pattern.Type);
            Assert.True(
                Math.Abs(observed - typeExpected) <= (4.5 * typeSd) + pattern.MaxRows,
                $"{pattern.Label}: {observed} rows, expected {typeExpected:F0} ± {4.5 * typeSd:F0}");
        }
    }

    [Fact]
    public void A_custom_mix_is_followed_and_zero_share_patterns_never_appear()
    {
        var mix = new double[FraudCatalog.All.Count];
        mix[(int)FraudType.CardTesting - 1] = 3;
        mix[(int)FraudType.Phishing - 1] = 1;
        var spec = RunFixtures.Spec(31, 120_000, 60_000, 0.05) with { FraudMix = mix, AnomalyRate = 0 };
        var rows = RunFixtures.Generate(spec, ReferenceData.For(spec));

        var testing = rows.Count(r => r.Fraud == FraudType.CardTesting);
        var phishing = rows.Count(r => r.Fraud == FraudType.Phishing);
        Assert.Equal(testing + phishing, rows.Count(r => r.Fraud != FraudType.None));
        Assert.InRange(testing / (double)(testing + phishing), 0.68, 0.82);
        Assert.DoesNotContain(rows, r => r.Anomaly != AnomalyType.None);
    }

    [Fact]
    public void Anomaly_rate_is_met_and_anomalies_are_never_fraud()
    {
        var spec = RunFixtures.Spec(41, 120_000, 60_000, 0.02) with { AnomalyRate = 0.05 };
        var rows = RunFixtures.Generate(spec, ReferenceData.For(spec));

        var anomalies = rows.Count(r => r.Anomaly != AnomalyType.None);
        var expected = 0.05 * rows.Count;
        Assert.InRange(anomalies, expected - (4.5 * Math.Sqrt(expected * 1.2)) - 40, expected + (4.5 * Math.Sqrt(expected * 1.2)));
        Assert.DoesNotContain(rows, r => r.Anomaly != AnomalyType.None && r.Fraud != FraudType.None);
        Assert.All(AnomalyCatalog.All, p => Assert.Contains(rows, r => r.Anomaly == p.Type));
    }
}
