using Tributary.Hpi.Chaining;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Calculation;

/// <summary>The national index: merge every CBSA's <see cref="NationalContribution"/>s, then chain (method §5–6). The weights
/// are the supertracts' shares of the national measure, so this equals aggregating all supertracts of the nation at once.</summary>
public static class NationalIndex
{
    /// <summary>Merges contributions (any order: they are summed in CBSA-code order, so the result is the same bits however
    /// the fan-in delivered them) and chains one series per weighting. The chain starts the year before the first
    /// contribution, or at <paramref name="firstYear"/> when given.</summary>
    public static IReadOnlyList<CbsaSeries> Compute(IEnumerable<NationalContribution> contributions, int? firstYear = null)
    {
        var ordered = contributions
            .OrderBy(c => c.CbsaCode, StringComparer.Ordinal)
            .ThenBy(c => c.Year)
            .ThenBy(c => c.Weighting)
            .ToArray();
        if (ordered.Length == 0)
        {
            return WeightingSchemes.All.Select(s => new CbsaSeries(s, [])).ToArray();
        }

        var first = firstYear ?? ordered.Min(c => c.Year) - 1;
        var last = ordered.Max(c => c.Year);
        var numerator = new double[WeightingSchemes.Count, last - first + 1];
        var denominator = new double[WeightingSchemes.Count, last - first + 1];
        foreach (var c in ordered)
        {
            if (c.Year <= first)
            {
                continue;
            }

            numerator[(int)c.Weighting, c.Year - first] += c.WeightedAppreciation;
            denominator[(int)c.Weighting, c.Year - first] += c.Measure;
        }

        return WeightingSchemes.All.Select(s => new CbsaSeries(s, IndexChain.Chain(first, last, year =>
        {
            var d = denominator[(int)s, year - first];
            return d > 0 ? numerator[(int)s, year - first] / d : double.NaN;
        }))).ToArray();
    }
}
