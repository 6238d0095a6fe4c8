using Tributary.Hpi.Input;

namespace Tributary.Hpi.Partitioning;

/// <summary>Where each tract of a catalog goes in a split: CBSAs ordered by code, tracts within a CBSA ordered by code, so
/// the local order is the same however the input was ordered. Shared by the in-memory and the streaming split.</summary>
internal sealed class CbsaLayout
{
    private readonly TractCatalog _catalog;
    private readonly int[][] _groups;

    public CbsaLayout(TractCatalog catalog)
    {
        _catalog = catalog;
        _groups = Enumerable.Range(0, catalog.Count)
            .GroupBy(i => catalog.Tracts[i].CbsaCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => catalog.Tracts[i].Code, StringComparer.Ordinal).ToArray())
            .ToArray();
        CbsaOf = new int[catalog.Count];
        LocalOf = new int[catalog.Count];
        for (var c = 0; c < _groups.Length; c++)
        {
            for (var l = 0; l < _groups[c].Length; l++)
            {
                CbsaOf[_groups[c][l]] = c;
                LocalOf[_groups[c][l]] = l;
            }
        }
    }

    /// <summary>Number of CBSAs.</summary>
    public int Count => _groups.Length;

    /// <summary>CBSA number per catalog tract.</summary>
    public int[] CbsaOf { get; }

    /// <summary>Tract index within its CBSA per catalog tract.</summary>
    public int[] LocalOf { get; }

    /// <summary>CBSA <paramref name="c"/>'s tracts in local order.</summary>
    public TractInfo[] Tracts(int c) => _groups[c].Select(i => _catalog.Tracts[i]).ToArray();

    /// <summary>Tract-year measures per CBSA, re-indexed to local tracts and ordered by year (stable).</summary>
    public List<TractYearMeasure>[] TractYears(IReadOnlyList<TractYearMeasure> tractYears)
    {
        var byCbsa = _groups.Select(_ => new List<TractYearMeasure>()).ToArray();
        foreach (var ty in tractYears.OrderBy(t => t.Year))
        {
            byCbsa[CbsaOf[ty.Tract]].Add(ty with { Tract = LocalOf[ty.Tract] });
        }

        return byCbsa;
    }
}
