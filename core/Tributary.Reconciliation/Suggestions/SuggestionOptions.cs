namespace Tributary.Reconciliation.Suggestions;

/// <summary>How a run suggests matches for what the passes left open.</summary>
public sealed record SuggestionOptions
{
    /// <summary>Suggestions of lower confidence are not reported.</summary>
    public const double DefaultMinConfidence = 0.1;

    /// <summary>The defaults: on, nothing rejected, the shipped model.</summary>
    public static SuggestionOptions Default { get; } = new();

    /// <summary>Off: the fifth step does not run (benchmarks compare the two).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Fingerprints (suggestion ids) of groupings a person rejected: never suggested again, and their rivals compete without them.</summary>
    public IReadOnlySet<string> Rejected { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Field weights estimated over the whole run; null estimates them from the bucket alone.</summary>
    public FieldWeights? Weights { get; init; }

    /// <summary>The confidence model; null uses the shipped one.</summary>
    public Model.SuggestionModel? Model { get; init; }

    public double MinConfidence { get; init; } = DefaultMinConfidence;

    /// <summary>Keep every scored candidate, reported or not, with its raw score (fitting and evaluation).</summary>
    public bool KeepCandidates { get; init; }
}

/// <summary>
/// A scored candidate kept for fitting: its kind, records, features, competition score (a near tie's pooled score when
/// <see cref="Tied"/> is not empty), final confidence and the groupings tied with it.
/// </summary>
public sealed record ScoredCandidate(SuggestionKind Kind, IReadOnlyList<int> LeftRecords, IReadOnlyList<int> RightRecords,
    double[] Features, double Score, double Confidence)
{
    /// <summary>The near-equal groupings competing for its records (a near tie), by record number; empty when none.</summary>
    public IReadOnlyList<TiedGrouping> Tied { get; init; } = [];
}

/// <summary>A grouping tied with a scored candidate, by record number.</summary>
public sealed record TiedGrouping(SuggestionKind Kind, IReadOnlyList<int> LeftRecords, IReadOnlyList<int> RightRecords);

/// <summary>What the fifth step produced for one bucket.</summary>
public sealed record SuggestionBatch(IReadOnlyList<Suggestion> Suggestions, int CappedSearches, IReadOnlyList<ScoredCandidate> Candidates)
{
    /// <summary>Nothing suggested.</summary>
    public static SuggestionBatch Empty { get; } = new([], 0, []);
}
