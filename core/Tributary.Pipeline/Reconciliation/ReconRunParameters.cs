namespace Tributary.Pipeline.Reconciliation;

/// <summary>Parameters of a reconciliation run (a drop's manifest.json or the body's `parameters`).</summary>
/// <param name="Profile">Built-in profile: trades, positions, inventory or pos.</param>
/// <param name="Buckets">Key-hash buckets, i.e. partitions (1-4096; default by the larger side's records: ReconciliationPlanner.DefaultBuckets, 4 from 200,000 to 1,000,000).</param>
public sealed record ReconRunParameters(string? Profile = null, int? Buckets = null);
