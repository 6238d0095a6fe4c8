namespace Tributary.Pipeline.Workloads;

/// <summary>Custom status of a run: the phase it is in and partitions done out of total.</summary>
public sealed record RunProgress(string Phase, int Done, int Total)
{
    public const string Planning = "plan";
    public const string FanOut = "partitions";
    public const string Finalizing = "finalize";
    public const string Quarantining = "quarantine";
}
