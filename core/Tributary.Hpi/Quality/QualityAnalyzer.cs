using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Pairs;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Quality;

/// <summary>Builds a <see cref="QualityReport"/> from a parsed dataset, using the same split, filters and supertract builder as
/// a calculation, so the report describes exactly what a run would do.</summary>
public static class QualityAnalyzer
{
    /// <summary>Analyses the dataset. Supertracts are reported only when the tracts came from a tracts file.</summary>
    public static QualityReport Analyze(HpiDataset dataset, HpiParameters parameters, Action<int, int>? cbsaDone = null)
    {
        parameters.Validate();
        var split = MarketSplitter.Split(dataset);
        var halfPairs = new List<TractYearHalfPairs>();
        var filters = PairFilterCounts.Zero;
        long belowThreshold = 0;
        List<SupertractYearQuality>? supertracts = null;
        IReadOnlyList<(CbsaMarket Market, HalfPairTable Table)> tables;
        if (dataset.Tracts.IsDeclared)
        {
            var run = HpiRun.Execute(split.Markets, parameters, cbsaDone);
            tables = split.Markets.Select((m, i) => (m, run.Cbsas[i].Diagnostics.HalfPairs)).ToArray();
            filters = run.Cbsas.Aggregate(filters, (sum, r) => sum + r.Diagnostics.Filters);
            supertracts = run.Cbsas.SelectMany(r => r.Diagnostics.SupertractYears)
                .GroupBy(s => s.Year)
                .OrderBy(g => g.Key)
                .Select(g => new SupertractYearQuality(g.Key, g.Sum(s => s.Tracts), g.Sum(s => s.Supertracts), g.Sum(s => s.TractsMerged),
                    g.Count(s => !s.Estimated)))
                .ToList();
        }
        else
        {
            var list = new List<(CbsaMarket, HalfPairTable)>();
            foreach (var market in split.Markets)
            {
                var kept = CbsaIndexCalculator.Filter(market.Pairs, parameters, out var counts);
                filters += counts;
                list.Add((market, Count(kept, market.Tracts.Count)));
                cbsaDone?.Invoke(list.Count, split.Markets.Count);
            }

            tables = list;
        }

        foreach (var (market, table) in tables)
        {
            for (var tract = 0; tract < market.Tracts.Count; tract++)
            {
                int first = -1, last = -1;
                for (var p = 0; p < table.Years; p++)
                {
                    var count = table.Counts[tract * table.Years + p];
                    if (count > 0)
                    {
                        halfPairs.Add(new TractYearHalfPairs(market.Tracts[tract].Code, market.CbsaCode, table.FirstYear + p, count));
                        first = first < 0 ? p : first;
                        last = p;
                    }
                }

                for (var p = first; p >= 0 && p <= last; p++)
                {
                    belowThreshold += table.Counts[tract * table.Years + p] < parameters.MinHalfPairs ? 1 : 0;
                }
            }
        }

        return new QualityReport(dataset.Transactions.Count, dataset.Transactions.PropertyCount, dataset.Tracts.Count, split.Markets.Count,
            dataset.Rejects.ByReason.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), dataset.Rejects.Examples.Select(e => e.ToString()).ToArray(),
            split.PairsAcrossTracts, filters, parameters.MinHalfPairs, belowThreshold, halfPairs, supertracts);
    }

    private static HalfPairTable Count(KeptPairs kept, int tracts)
    {
        if (kept.Count == 0)
        {
            return HalfPairTable.Empty;
        }

        int min = int.MaxValue, max = int.MinValue;
        foreach (var y in kept.FirstYear)
        {
            min = Math.Min(min, y);
        }

        foreach (var y in kept.SecondYear)
        {
            max = Math.Max(max, y);
        }

        var years = max - min + 1;
        var counts = new int[tracts * years];
        for (var i = 0; i < kept.Count; i++)
        {
            counts[kept.Tract[i] * years + kept.FirstYear[i] - min]++;
            counts[kept.Tract[i] * years + kept.SecondYear[i] - min]++;
        }

        return new HalfPairTable(min, years, counts);
    }
}
