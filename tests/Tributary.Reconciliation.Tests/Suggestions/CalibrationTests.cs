using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Suggestions.Model;
using Tributary.Reconciliation.Suggestions.Training;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class CalibrationTests
{
    // Not among the seeds the shipped model was fitted on (101, 102 for the weights, 201, 202 for the calibration).
    private const int HeldOutSeed = 401;

    [Fact]
    public void The_shipped_model_was_fitted_on_other_seeds_and_on_the_built_in_domains_only()
    {
        var provenance = SuggestionModel.Default.Provenance!;
        Assert.Equal("trades,inventory,pos,payments", provenance["profiles"]);
        Assert.DoesNotContain(HeldOutSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            provenance["weight_seeds"].Split(',').Concat(provenance["calibration_seeds"].Split(',')));
    }

    [Fact]
    public void On_a_held_out_seed_confidence_means_what_it_says_and_the_aims_are_met()
    {
        var trials = new[] { "trades", "inventory", "pos", "payments" }
            .Select(name => SuggestionTrial.Run(BuiltInProfiles.Get(name), 12_000, HeldOutSeed)).ToList();
        var e = SuggestionEvaluation.Of(trials);

        foreach (var band in e.Bands.Where(b => b.Count >= 50))
        {
            Assert.True(band.Gap <= 0.1, $"band {band.From:F1}: {band.Count} suggestions, confidence {band.MeanConfidence:F3}, observed {band.ObservedPrecision:F3}");
        }

        Assert.Contains(e.Bands, b => b.Count >= 50 && b.From >= 0.9);
        foreach (var kind in e.Kinds)
        {
            Assert.True(kind.Recall >= 0.9, $"{kind.Kind} recall {kind.Recall:F3}");
            Assert.True(kind.Precision >= 0.95, $"{kind.Kind} precision {kind.Precision:F3}");
        }

        // Two equally good candidates never reach one half; strangers seldom do.
        Assert.Equal(0, e.AmbiguousConfident);
        Assert.True(e.DecoysConfident <= e.Decoys * 0.05, $"{e.DecoysConfident} of {e.Decoys} strangers suggested with confidence");
    }

    [Fact]
    public void The_isotonic_map_is_non_decreasing_and_never_certain()
    {
        var random = new Random(9);
        var observations = Enumerable.Range(0, 5000).Select(_ =>
        {
            var score = random.NextDouble();
            return (score, random.NextDouble() < score * score);
        }).ToList();
        var map = IsotonicFit.Fit(observations);
        for (var i = 1; i < map.Length; i++)
        {
            Assert.True(map[i][0] >= map[i - 1][0] && map[i][1] >= map[i - 1][1]);
        }

        Assert.True(map[^1][1] < 1 && map[0][1] > 0);
        Assert.InRange(SuggestionModel.Interpolate(map, 0.5), 0.15, 0.35); // P(right) = score²
    }

    [Fact]
    public void Logistic_fitting_recovers_known_weights_and_keeps_sign_constraints()
    {
        var random = new Random(4);
        var x = new List<double[]>();
        var y = new List<bool>();
        for (var n = 0; n < 20_000; n++)
        {
            var row = new[] { 1.0, random.NextDouble(), random.NextDouble() };
            x.Add(row);
            y.Add(random.NextDouble() < 1 / (1 + Math.Exp(-(-1 + 3 * row[1] + 0.5 * row[2]))));
        }

        var free = LogisticFit.Fit(x, y, ridge: 0.01);
        Assert.Equal(-1, free[0], 0.2);
        Assert.Equal(3, free[1], 0.3);
        Assert.Equal(0.5, free[2], 0.3);

        var constrained = LogisticFit.Fit(x, y, signs: [0, 0, -1], ridge: 0.01);
        Assert.Equal(0, constrained[2]);
        Assert.True(constrained[1] > 2);
    }
}
