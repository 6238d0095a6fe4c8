namespace Tributary.Reconciliation.Matching;

/// <summary>A record of one side, by row number: the key type of the matching dictionaries (no per-row allocation).</summary>
internal readonly record struct RowRef(bool Right, int Row);
