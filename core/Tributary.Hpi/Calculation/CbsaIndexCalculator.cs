using Tributary.Hpi.Chaining;
using Tributary.Hpi.Pairs;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Regression;
using Tributary.Hpi.Supertracts;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Calculation;

/// <summary>Computes one CBSA's indices from its market alone: filters → half-pairs → yearly supertracts → BMN regressions →
/// six weightings → chaining. Pure and deterministic: the same market gives the same bits whether it runs alone in a
/// partition activity or inside a full run.</summary>
public static class CbsaIndexCalculator
{
    /// <summary>Computes the CBSA.</summary>
    public static CbsaIndexResult Compute(CbsaMarket market, HpiParameters parameters)
    {
        parameters.Validate();
        var n = market.Tracts.Count;
        var kept = Filter(market.Pairs, parameters, out var filters);
        if (kept.Count == 0)
        {
            return Empty(market, filters);
        }

        int yearMin = int.MaxValue, yearMax = int.MinValue;
        foreach (var y in kept.FirstYear)
        {
            yearMin = Math.Min(yearMin, y);
        }

        foreach (var y in kept.SecondYear)
        {
            yearMax = Math.Max(yearMax, y);
        }

        var periods = yearMax - yearMin + 1;
        var firstYear = Math.Max(yearMin, parameters.StartYear ?? yearMin);
        var lastYear = Math.Min(yearMax, parameters.EndYear ?? yearMax);
        var pairs = TractSortedPairs.Build(n, kept.Tract, kept.FirstYear, kept.SecondYear, kept.LogRatio, yearMin, periods);
        var halfPairs = CountHalfPairs(pairs, n, periods);
        var halfPairTable = new HalfPairTable(yearMin, periods, halfPairs);
        if (firstYear > lastYear)
        {
            return Empty(market, filters) with { Diagnostics = Diagnostics(filters, null, null, [], [], halfPairTable) };
        }

        var lat = market.Tracts.Select(t => t.CentroidLat).ToArray();
        var lon = market.Tracts.Select(t => t.CentroidLon).ToArray();
        var measures = new TractMeasures(market.Tracts, market.TractYears);
        var solved = new Dictionary<MemberSet, BmnSolution>();
        var years = lastYear - firstYear;
        var cbsaAppreciation = new double[WeightingSchemes.Count, years + 1];
        var tractAppreciation = new double[n, years + 1];
        var tractSupertract = new string[n, years + 1];
        var contributions = new List<NationalContribution>();
        var summaries = new List<SupertractYearSummary>();
        var missing = new List<int>();
        var countT = new int[n];
        var countP = new int[n];
        var numerator = new double[WeightingSchemes.Count];
        var denominator = new double[WeightingSchemes.Count];

        for (var year = firstYear + 1; year <= lastYear; year++)
        {
            var y = year - firstYear;
            var period = year - yearMin;
            for (var i = 0; i < n; i++)
            {
                countT[i] = halfPairs[i * periods + period];
                countP[i] = halfPairs[i * periods + period - 1];
            }

            var partition = SupertractBuilder.Build(lat, lon, countT, countP, parameters.MinHalfPairs);
            var solvedBefore = solved.Count;
            Array.Clear(numerator);
            Array.Clear(denominator);
            for (var s = 0; s < partition.Members.Count; s++)
            {
                var members = partition.Members[s];
                var appreciation = double.NaN;
                if (partition.Reached)
                {
                    var key = new MemberSet(members);
                    if (!solved.TryGetValue(key, out var solution))
                    {
                        solution = BmnRegression.Fit(pairs, members);
                        solved.Add(key, solution);
                    }

                    appreciation = solution.Appreciation(period);
                }

                var id = SupertractId(market, members);
                foreach (var tract in members)
                {
                    tractAppreciation[tract, y] = appreciation;
                    tractSupertract[tract, y] = id;
                }

                if (!double.IsFinite(appreciation))
                {
                    continue;
                }

                foreach (var scheme in WeightingSchemes.All)
                {
                    var measure = 0.0;
                    foreach (var tract in members)
                    {
                        measure += measures.Of(scheme, tract, year, countT[tract], countP[tract]);
                    }

                    numerator[(int)scheme] += measure * appreciation;
                    denominator[(int)scheme] += measure;
                }
            }

            foreach (var scheme in WeightingSchemes.All)
            {
                var w = (int)scheme;
                var estimated = denominator[w] > 0;
                cbsaAppreciation[w, y] = estimated ? numerator[w] / denominator[w] : double.NaN;
                if (estimated)
                {
                    contributions.Add(new NationalContribution(market.CbsaCode, year, scheme, numerator[w], denominator[w]));
                }
            }

            if (!partition.Reached)
            {
                missing.Add(year);
            }

            summaries.Add(new SupertractYearSummary(year, n, partition.Members.Count, partition.TractsMerged,
                solved.Count - solvedBefore, partition.Reached));
        }

        var series = WeightingSchemes.All
            .Select(s => new CbsaSeries(s, IndexChain.Chain(firstYear, lastYear, year => cbsaAppreciation[(int)s, year - firstYear])))
            .ToArray();
        var tracts = new TractSeries[n];
        for (var i = 0; i < n; i++)
        {
            var chain = IndexChain.Chain(firstYear, lastYear, year => tractAppreciation[i, year - firstYear]);
            tracts[i] = new TractSeries(market.Tracts[i].Code,
                chain.Select(p => new TractIndexPoint(p.Year, tractSupertract[i, p.Year - firstYear] ?? "", p.Appreciation, p.Level)).ToArray());
        }

        return new CbsaIndexResult(market.CbsaCode, series, tracts, contributions,
            Diagnostics(filters, firstYear, lastYear, missing, summaries, halfPairTable));
    }

    /// <summary>Applies the pair filters (exposed for quality reports): kept pairs with their years and log price ratio.</summary>
    public static KeptPairs Filter(RepeatSalePairs pairs, HpiParameters parameters, out PairFilterCounts counts)
    {
        Span<long> byOutcome = stackalloc long[5];
        var kept = new KeptPairs(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var outcome = PairFilter.Classify(pairs.FirstDay[i], pairs.SecondDay[i], pairs.FirstPrice[i], pairs.SecondPrice[i], parameters);
            byOutcome[(int)outcome]++;
            if (outcome == PairOutcome.Kept)
            {
                kept.Add(pairs.Tract[i], PairFilter.YearOf(pairs.FirstDay[i]), PairFilter.YearOf(pairs.SecondDay[i]),
                    Math.Log(pairs.SecondPrice[i]) - Math.Log(pairs.FirstPrice[i]));
            }
        }

        counts = PairFilterCounts.From(byOutcome);
        return kept;
    }

    /// <summary>Half-pairs per tract and period: each kept pair adds one to its first and one to its second sale's period.</summary>
    private static int[] CountHalfPairs(TractSortedPairs pairs, int tracts, int periods)
    {
        var counts = new int[tracts * periods];
        for (var tract = 0; tract < tracts; tract++)
        {
            var row = tract * periods;
            for (var k = pairs.Start[tract]; k < pairs.Start[tract + 1]; k++)
            {
                counts[row + pairs.FirstPeriod[k]]++;
                counts[row + pairs.SecondPeriod[k]]++;
            }
        }

        return counts;
    }

    private static string SupertractId(CbsaMarket market, int[] members)
    {
        // Members are ascending by index and tracts are ordered by code, so members[0] has the lowest code.
        var code = market.Tracts[members[0]].Code;
        return members.Length == 1 ? code : $"{code}+{members.Length - 1}";
    }

    private static CbsaIndexResult Empty(CbsaMarket market, PairFilterCounts filters) =>
        new(market.CbsaCode, WeightingSchemes.All.Select(s => new CbsaSeries(s, [])).ToArray(),
            market.Tracts.Select(t => new TractSeries(t.Code, [])).ToArray(), [],
            Diagnostics(filters, null, null, [], [], HalfPairTable.Empty));

    private static CbsaDiagnostics Diagnostics(PairFilterCounts filters, int? first, int? last, IReadOnlyList<int> missing,
        IReadOnlyList<SupertractYearSummary> summaries, HalfPairTable halfPairs) =>
        new(filters, first, last, missing, summaries, halfPairs);

    /// <summary>A supertract's member set as a dictionary key, so a supertract that recurs across years is solved once.</summary>
    private readonly struct MemberSet(int[] members) : IEquatable<MemberSet>
    {
        private readonly int[] _members = members;

        public bool Equals(MemberSet other) => _members.AsSpan().SequenceEqual(other._members);

        public override bool Equals(object? obj) => obj is MemberSet other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_members.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
