using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Summary;

namespace Tributary.Reconciliation.Matching;

/// <summary>What one bucket produced: its breaks (ordered by id) and a summary that merges with other buckets'.</summary>
public sealed record BucketResult(IReadOnlyList<Break> Breaks, ReconciliationSummary Summary)
{
    /// <summary>Suggested groupings of the bucket's unmatched records (the fifth step).</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    /// <summary>Every scored candidate, when the options asked to keep them (fitting and evaluation).</summary>
    public IReadOnlyList<ScoredCandidate> Candidates { get; init; } = [];
}
