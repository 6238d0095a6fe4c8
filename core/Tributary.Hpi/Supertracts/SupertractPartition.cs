namespace Tributary.Hpi.Supertracts;

/// <summary>The supertracts of one CBSA in one year: which supertract each tract belongs to and each supertract's members.</summary>
/// <param name="SupertractOf">Supertract index per tract.</param>
/// <param name="Members">Member tract indices per supertract, ascending.</param>
/// <param name="Reached">False when even the whole CBSA has fewer half-pairs than the threshold in t or t−1: no estimate that year.</param>
public sealed record SupertractPartition(int[] SupertractOf, IReadOnlyList<int[]> Members, bool Reached)
{
    /// <summary>Tracts that share their supertract with at least one other tract.</summary>
    public int TractsMerged => Members.Where(m => m.Length > 1).Sum(m => m.Length);
}
