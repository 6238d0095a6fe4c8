using Tributary.Hpi.Input;
using Tributary.Hpi.Pairs;

namespace Tributary.Hpi.Partitioning;

/// <summary>One CBSA's complete input, the unit of work of the pipeline: its tracts (with measures), its tract-year measures
/// and its repeat-sales pairs. Supertracts never cross a CBSA, so this is all <see cref="Calculation.CbsaIndexCalculator"/> needs.</summary>
public sealed class CbsaMarket
{
    /// <param name="tracts">The CBSA's tracts; pairs and tract-years index into this list.</param>
    /// <param name="tractYears">Time-varying measures; <see cref="TractYearMeasure.Tract"/> indexes <paramref name="tracts"/>.</param>
    public CbsaMarket(string cbsaCode, IReadOnlyList<TractInfo> tracts, IReadOnlyList<TractYearMeasure> tractYears, RepeatSalePairs pairs)
    {
        ArgumentException.ThrowIfNullOrEmpty(cbsaCode);
        foreach (var t in tractYears)
        {
            if ((uint)t.Tract >= (uint)tracts.Count)
            {
                throw new ArgumentException($"tract-year refers to tract {t.Tract}, but CBSA {cbsaCode} has {tracts.Count} tracts");
            }
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            if ((uint)pairs.Tract[i] >= (uint)tracts.Count || pairs.SecondDay[i] < pairs.FirstDay[i]
                || !(pairs.FirstPrice[i] > 0) || !(pairs.SecondPrice[i] > 0))
            {
                throw new ArgumentException($"pair {i} of CBSA {cbsaCode} is malformed (tract, order of days or price)");
            }
        }

        CbsaCode = cbsaCode;
        Tracts = tracts;
        TractYears = tractYears;
        Pairs = pairs;
    }

    /// <summary>The CBSA code.</summary>
    public string CbsaCode { get; }

    /// <summary>The CBSA's tracts.</summary>
    public IReadOnlyList<TractInfo> Tracts { get; }

    /// <summary>Time-varying measures by tract index and year (may be empty).</summary>
    public IReadOnlyList<TractYearMeasure> TractYears { get; }

    /// <summary>Repeat-sales pairs before filtering.</summary>
    public RepeatSalePairs Pairs { get; }
}
