namespace Tributary.Reconciliation.Synthetic;

/// <summary>A break the generator planted: what a correct run must report (expected_breaks.csv).</summary>
public sealed record ExpectedBreak(string Profile, string BreakType, string Severity, string Side, string Key, string Field);
