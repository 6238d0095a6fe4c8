namespace Tributary.Hpi.Chaining;

/// <summary>One year of a chained index.</summary>
/// <param name="Appreciation">p̂(t) in log points; null in the chain's first year.</param>
/// <param name="Level">Chained level, 1 in the chain's first year (rebase to 100 at output with <see cref="IndexChain.Rebase"/>).</param>
public sealed record IndexPoint(int Year, double? Appreciation, double Level);
