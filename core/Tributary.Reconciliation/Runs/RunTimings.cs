namespace Tributary.Reconciliation.Runs;

/// <summary>Wall-clock time of each phase of a run (reported by the CLI and the benchmark).</summary>
public sealed record RunTimings(TimeSpan Parse, TimeSpan Match, TimeSpan Write)
{
    /// <summary>The fifth step's time: the field weights, then each bucket's step summed (buckets run in parallel; part of <see cref="Match"/>).</summary>
    public TimeSpan Suggest { get; init; }

    public TimeSpan Total => Parse + Match + Write;
}
