namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// What the planner wrote: bucket count, records per bucket and side, and the as-of date for ageing (the latest
/// ageing date in the inputs, so the result depends on the data, not on a clock). Small: it travels in orchestration history.
/// </summary>
public sealed record PartitionPlan(string Profile, int Buckets, long[] LeftRecords, long[] RightRecords, DateOnly? AsOf)
{
    /// <summary>Suggestion field weights estimated over both whole inputs, when the plan was asked for them (the run's buckets share them).</summary>
    public Suggestions.FieldWeights? Weights { get; init; }
}
