using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Suggestions.Training;

/// <summary>Recall and precision of one kind at confidence ≥ 0.5.</summary>
public sealed record KindScore(string Kind, int Planted, int Found, int Suggested, int Right)
{
    /// <summary>Share of the planted (unambiguous) near misses suggested with confidence ≥ 0.5.</summary>
    public double Recall => Planted == 0 ? double.NaN : (double)Found / Planted;

    /// <summary>Share of the suggestions with confidence ≥ 0.5 that are right.</summary>
    public double Precision => Suggested == 0 ? double.NaN : (double)Right / Suggested;
}

/// <summary>One confidence band: how many suggestions, their mean confidence, and the share that was right.</summary>
public sealed record ReliabilityBand(double From, double To, int Count, double MeanConfidence, double ObservedPrecision)
{
    /// <summary>|observed − mean confidence|.</summary>
    public double Gap => Count == 0 ? 0 : Math.Abs(ObservedPrecision - MeanConfidence);
}

/// <summary>
/// How well a run's suggestions find the planted near misses: per kind recall and precision at confidence ≥ 0.5, the
/// reliability table (confidence bands against observed precision), and the traps: decoys (same-amount strangers)
/// and ambiguous plants suggested with confidence.
/// </summary>
public sealed record SuggestionEvaluation(
    IReadOnlyList<KindScore> Kinds,
    IReadOnlyList<ReliabilityBand> Bands,
    int Decoys,
    int DecoysConfident,
    int Ambiguous,
    int AmbiguousConfident,
    int Suggestions,
    long CappedSearches)
{
    /// <summary>All kinds together.</summary>
    public KindScore Overall => new("all", Kinds.Sum(k => k.Planted), Kinds.Sum(k => k.Found), Kinds.Sum(k => k.Suggested), Kinds.Sum(k => k.Right));

    /// <summary>Scores the suggestions of one or more trials against their truth.</summary>
    public static SuggestionEvaluation Of(IEnumerable<SuggestionTrial> trials)
    {
        var kinds = Enum.GetValues<SuggestionKind>().Select(k => k.Name()).ToArray();
        var planted = kinds.ToDictionary(k => k, _ => 0);
        var found = kinds.ToDictionary(k => k, _ => 0);
        var suggested = kinds.ToDictionary(k => k, _ => 0);
        var right = kinds.ToDictionary(k => k, _ => 0);
        var scored = new List<(double Confidence, bool Right)>();
        int decoys = 0, decoysConfident = 0, ambiguous = 0, ambiguousConfident = 0, total = 0;
        long capped = 0;
        foreach (var trial in trials)
        {
            var truth = trial.TrueGroupings();
            var confident = trial.Result.Suggestions.Where(s => s.Confidence >= 0.5).ToList();
            var confidentIds = confident.Select(s => SuggestionTrial.Identity(s.Kind.Name(), s.LeftRecords, s.RightRecords)).ToHashSet();
            var confidentLeft = confident.SelectMany(s => s.LeftRecords).ToHashSet();
            var confidentRight = confident.SelectMany(s => s.RightRecords).ToHashSet();
            capped += trial.Result.Summary.SuggestionSearchesCapped;
            foreach (var e in trial.Data.ExpectedSuggestions)
            {
                if (e.Kind == ExpectedSuggestion.None)
                {
                    decoys++;
                    // A decoy's records grouped with each other, confidently, is the trap.
                    if (confident.Any(s => s.LeftRecords.Intersect(e.LeftRecords).Any() && s.RightRecords.Intersect(e.RightRecords).Any()))
                    {
                        decoysConfident++;
                    }

                    continue;
                }

                if (e.Recipe == ExpectedSuggestion.AmbiguousRecipe)
                {
                    ambiguous++;
                    if (e.LeftRecords.Any(confidentLeft.Contains))
                    {
                        ambiguousConfident++;
                    }

                    continue;
                }

                planted[e.Kind]++;
                if (confidentIds.Contains(SuggestionTrial.Identity(e.Kind, e.LeftRecords, e.RightRecords)))
                {
                    found[e.Kind]++;
                }
            }

            foreach (var s in trial.Result.Suggestions)
            {
                total++;
                var ok = truth.Contains(SuggestionTrial.Identity(s.Kind.Name(), s.LeftRecords, s.RightRecords));
                scored.Add((s.Confidence, ok));
                if (s.Confidence >= 0.5)
                {
                    suggested[s.Kind.Name()]++;
                    right[s.Kind.Name()] += ok ? 1 : 0;
                }
            }
        }

        var bands = new List<ReliabilityBand>();
        for (var b = 0; b < 10; b++)
        {
            var from = b / 10.0;
            var to = (b + 1) / 10.0;
            var inBand = scored.Where(x => x.Confidence >= from && (x.Confidence < to || b == 9)).ToList();
            bands.Add(new ReliabilityBand(from, to, inBand.Count, inBand.Count == 0 ? 0 : inBand.Average(x => x.Confidence),
                inBand.Count == 0 ? 0 : inBand.Count(x => x.Right) / (double)inBand.Count));
        }

        return new SuggestionEvaluation(
            kinds.Select(k => new KindScore(k, planted[k], found[k], suggested[k], right[k])).ToList(),
            bands, decoys, decoysConfident, ambiguous, ambiguousConfident, total, capped);
    }
}
