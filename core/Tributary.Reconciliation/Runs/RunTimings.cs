namespace Tributary.Reconciliation.Runs;

/// <summary>Wall-clock time of each phase of a run (reported by the CLI and the benchmark).</summary>
public sealed record RunTimings(TimeSpan Parse, TimeSpan Match, TimeSpan Write)
{
    public TimeSpan Total => Parse + Match + Write;
}
