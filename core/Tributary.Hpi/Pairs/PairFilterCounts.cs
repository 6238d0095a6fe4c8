namespace Tributary.Hpi.Pairs;

/// <summary>How many pairs each filter dropped and how many were kept.</summary>
public sealed record PairFilterCounts(long Built, long SamePeriod, long RatioAboveMax, long RatioBelowMin, long CagrAboveMax, long Kept)
{
    /// <summary>No pairs.</summary>
    public static PairFilterCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Builds the record from counts indexed by <see cref="PairOutcome"/>.</summary>
    public static PairFilterCounts From(ReadOnlySpan<long> byOutcome)
    {
        long built = 0;
        foreach (var c in byOutcome)
        {
            built += c;
        }

        return new PairFilterCounts(built, byOutcome[(int)PairOutcome.SamePeriod], byOutcome[(int)PairOutcome.RatioAboveMax],
            byOutcome[(int)PairOutcome.RatioBelowMin], byOutcome[(int)PairOutcome.CagrAboveMax], byOutcome[(int)PairOutcome.Kept]);
    }

    /// <summary>Sum of two count sets.</summary>
    public static PairFilterCounts operator +(PairFilterCounts a, PairFilterCounts b) =>
        new(a.Built + b.Built, a.SamePeriod + b.SamePeriod, a.RatioAboveMax + b.RatioAboveMax, a.RatioBelowMin + b.RatioBelowMin,
            a.CagrAboveMax + b.CagrAboveMax, a.Kept + b.Kept);
}
