using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Summary;

namespace Tributary.Reconciliation.Matching;

/// <summary>What one bucket produced: its breaks (ordered by id) and a summary that merges with other buckets'.</summary>
public sealed record BucketResult(IReadOnlyList<Break> Breaks, ReconciliationSummary Summary);
