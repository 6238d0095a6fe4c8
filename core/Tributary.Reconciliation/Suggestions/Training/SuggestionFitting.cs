using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Suggestions.Training;

/// <summary>
/// Fits the confidence model on generated data with known truth, in two stages on different seeds so the calibration is
/// not fitted to the data the weights were: (1) logistic weights for pairs and for groups from every candidate the search
/// finds, labelled right or wrong; (2) with those weights, the isotonic maps from competition score to observed share right
/// (pairs and groups), and from a near tie's pooled score to the share of ties one of whose groupings was right.
/// </summary>
public static class SuggestionFitting
{
    /// <summary>What a fit trains on.</summary>
    public sealed record Plan(IReadOnlyList<ReconciliationProfile> Profiles, IReadOnlyList<int> WeightSeeds, IReadOnlyList<int> CalibrationSeeds,
        int Count, double NearMissRate);

    /// <summary>Fits a model; <paramref name="log"/> hears progress.</summary>
    public static Model.SuggestionModel Fit(Plan plan, Action<string>? log = null)
    {
        var everything = new SuggestionOptions { KeepCandidates = true, MinConfidence = 1.1, Model = Unfiltered };
        var pairs = (X: new List<double[]>(), Y: new List<bool>());
        var groups = (X: new List<double[]>(), Y: new List<bool>());
        foreach (var profile in plan.Profiles)
        {
            foreach (var seed in plan.WeightSeeds)
            {
                var trial = SuggestionTrial.Run(profile, plan.Count, seed, plan.NearMissRate, options: everything);
                var truth = trial.TrueGroupings();
                foreach (var c in trial.Result.Candidates)
                {
                    var target = c.Kind == SuggestionKind.OneToOne ? pairs : groups;
                    target.X.Add(c.Features);
                    target.Y.Add(truth.Contains(SuggestionTrial.Identity(c.Kind.Name(), c.LeftRecords, c.RightRecords)));
                }

                log?.Invoke($"weights: {profile.Name} seed {seed}: {trial.Result.Candidates.Count} candidates");
            }
        }

        log?.Invoke($"fitting pairs on {pairs.X.Count} candidates ({pairs.Y.Count(y => y)} right), groups on {groups.X.Count} ({groups.Y.Count(y => y)} right)");
        var weighted = new Model.SuggestionModel
        {
            Features = EvidenceFeatures.Names,
            PairWeights = LogisticFit.Fit(pairs.X, pairs.Y, Signs),
            GroupWeights = LogisticFit.Fit(groups.X, groups.Y, Signs),
            PairCalibration = [],
            GroupCalibration = [],
        };

        var pairScores = new List<(double, bool)>();
        var groupScores = new List<(double, bool)>();
        var tieScores = new List<(double, bool)>();
        var scoring = new SuggestionOptions { KeepCandidates = true, Model = weighted };
        foreach (var profile in plan.Profiles)
        {
            foreach (var seed in plan.CalibrationSeeds)
            {
                var trial = SuggestionTrial.Run(profile, plan.Count, seed, plan.NearMissRate, options: scoring);
                var truth = trial.TrueGroupings();
                var ties = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in trial.Result.Candidates)
                {
                    var identity = SuggestionTrial.Identity(c.Kind.Name(), c.LeftRecords, c.RightRecords);
                    if (c.Tied.Count == 0)
                    {
                        (c.Kind == SuggestionKind.OneToOne ? pairScores : groupScores).Add((c.Score, truth.Contains(identity)));
                        continue;
                    }

                    // A near tie is one observation, once whichever of its groupings reports it: was one of them right?
                    var members = c.Tied.Select(t => SuggestionTrial.Identity(t.Kind.Name(), t.LeftRecords, t.RightRecords)).Append(identity).Order(StringComparer.Ordinal).ToArray();
                    if (ties.Add(string.Join('|', members)))
                    {
                        tieScores.Add((c.Score, members.Any(truth.Contains)));
                    }
                }

                log?.Invoke($"calibration: {profile.Name} seed {seed}: {trial.Result.Candidates.Count} candidates");
            }
        }

        return new Model.SuggestionModel
        {
            Features = EvidenceFeatures.Names,
            PairWeights = weighted.PairWeights,
            GroupWeights = weighted.GroupWeights,
            PairCalibration = IsotonicFit.Fit(pairScores),
            GroupCalibration = IsotonicFit.Fit(groupScores),
            TieCalibration = IsotonicFit.Fit(tieScores),
            Provenance = new Dictionary<string, string>
            {
                ["profiles"] = string.Join(",", plan.Profiles.Select(p => p.Name)),
                ["weight_seeds"] = string.Join(",", plan.WeightSeeds),
                ["calibration_seeds"] = string.Join(",", plan.CalibrationSeeds),
                ["count"] = plan.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["near_miss_rate"] = plan.NearMissRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["pair_candidates"] = $"{pairs.X.Count} ({pairs.Y.Count(y => y)} right)",
                ["group_candidates"] = $"{groups.X.Count} ({groups.Y.Count(y => y)} right)",
                ["near_ties"] = $"{tieScores.Count} ({tieScores.Count(t => t.Item2)} with a right grouping)",
            },
        };
    }

    /// <summary>
    /// What evidence can only count against, whatever a training set shows: dates far apart, identifying fields that
    /// differ, and a larger subset search (more ways to hit a sum by chance).
    /// </summary>
    public static IReadOnlyList<int> Signs { get; } = EvidenceFeatures.Names
        .Select(n => n is "date_far" or "fields_differ_bits" or "search_bits" ? -1 : 0).ToArray();

    // A model that passes every candidate the search finds (all-zero weights: log-odds 0, above the floor).
    private static Model.SuggestionModel Unfiltered { get; } = new()
    {
        Features = EvidenceFeatures.Names,
        PairWeights = new double[EvidenceFeatures.Count],
        GroupWeights = new double[EvidenceFeatures.Count],
        PairCalibration = [],
        GroupCalibration = [],
    };
}
