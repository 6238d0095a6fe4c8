using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Tests;

/// <summary>The engine recovers the generator's known truth at the default size.</summary>
public sealed class AccuracyTests(SimulatedMarket market) : IClassFixture<SimulatedMarket>
{
    [Fact]
    public void Every_weighting_recovers_the_true_cbsa_index_within_two_log_points()
    {
        var truth = market.LogTruth("truth.csv");
        foreach (var weighting in WeightingSchemes.All)
        {
            var errors = new List<double>();
            foreach (var cbsa in market.Run.Cbsas)
            {
                var points = cbsa.For(weighting).Points;
                // Both are 100 at the first year (the generator's start year), so log levels compare directly.
                Assert.Equal(market.Options.StartYear, points[0].Year);
                Assert.Equal(market.Options.EndYear, points[^1].Year);
                errors.AddRange(points.Select(p => Math.Abs(Math.Log(p.Level) - (truth[(cbsa.CbsaCode, p.Year)] - Math.Log(100)))));
            }

            Assert.Equal(market.Options.Cbsas * (market.Options.EndYear - market.Options.StartYear + 1), errors.Count);
            var mae = errors.Average();
            Assert.True(mae <= 0.02, $"{weighting.Name()}: MAE of log index {mae:F4} > 0.02");
        }
    }

    [Fact]
    public void Tracts_that_stand_alone_every_year_recover_their_own_index()
    {
        var truth = market.LogTruth("truth_tracts.csv");
        var errors = new List<double>();
        var tractsChecked = 0;
        foreach (var cbsa in market.Run.Cbsas)
        {
            foreach (var tract in cbsa.Tracts)
            {
                // A tract that is its own supertract every year is estimated from its own sales only.
                if (tract.Points.Skip(1).Any(p => p.SupertractId != tract.TractCode) || tract.Points.Count < 2)
                {
                    continue;
                }

                tractsChecked++;
                errors.AddRange(tract.Points.Select(p => Math.Abs(Math.Log(p.Level) - (truth[(tract.TractCode, p.Year)] - Math.Log(100)))));
            }
        }

        Assert.True(tractsChecked >= 10, $"only {tractsChecked} tracts stood alone every year");
        var mae = errors.Average();
        Assert.True(mae <= 0.03, $"tract MAE of log index {mae:F4} > 0.03 over {tractsChecked} tracts");
    }

    [Fact]
    public void Merged_tracts_track_the_cbsa_truth_closely()
    {
        // Tracts merged in some year carry their supertract's appreciation: still close to the truth, looser than alone.
        var truth = market.LogTruth("truth_tracts.csv");
        var all = market.Run.Cbsas.SelectMany(c => c.Tracts)
            .SelectMany(t => t.Points.Select(p => Math.Abs(Math.Log(p.Level) - (truth[(t.TractCode, p.Year)] - Math.Log(100)))))
            .ToList();
        Assert.True(all.Average() <= 0.05, $"tract MAE over all tracts {all.Average():F4} > 0.05");
    }
}
