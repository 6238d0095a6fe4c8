using Tributary.Hpi.Input;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Calculation;

/// <summary>The result of a full run: every CBSA, the nation, and what was dropped on the way.</summary>
/// <param name="Cbsas">One result per CBSA, ordered by CBSA code.</param>
/// <param name="National">National series, one per weighting.</param>
public sealed record HpiRunResult(IReadOnlyList<CbsaIndexResult> Cbsas, IReadOnlyList<CbsaSeries> National, long PairsAcrossTracts);

/// <summary>The whole job on one machine, shaped like the durable pipeline: split by CBSA → compute each CBSA (in parallel,
/// each exactly as a partition activity would) → merge national contributions → chain.</summary>
public static class HpiRun
{
    /// <summary>Runs a parsed dataset. <paramref name="cbsaDone"/> is called after each CBSA with (done, total).</summary>
    public static HpiRunResult Execute(HpiDataset dataset, HpiParameters parameters, Action<int, int>? cbsaDone = null,
        int? maxDegreeOfParallelism = null, CancellationToken cancel = default)
    {
        var split = MarketSplitter.Split(dataset);
        return Execute(split.Markets, parameters, cbsaDone, maxDegreeOfParallelism, cancel) with { PairsAcrossTracts = split.PairsAcrossTracts };
    }

    /// <summary>Runs already split markets.</summary>
    public static HpiRunResult Execute(IReadOnlyList<CbsaMarket> markets, HpiParameters parameters, Action<int, int>? cbsaDone = null,
        int? maxDegreeOfParallelism = null, CancellationToken cancel = default)
    {
        parameters.Validate();
        var results = new CbsaIndexResult[markets.Count];
        var done = 0;
        // Largest CBSAs first, so one big CBSA does not finish alone at the end; results land by index, so order is fixed.
        var order = Enumerable.Range(0, markets.Count).OrderByDescending(i => markets[i].Pairs.Count).ToArray();
        Parallel.ForEach(order,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancel },
            i =>
            {
                results[i] = CbsaIndexCalculator.Compute(markets[i], parameters);
                cbsaDone?.Invoke(Interlocked.Increment(ref done), markets.Count);
            });
        var national = NationalIndex.Compute(results.SelectMany(r => r.Contributions));
        return new HpiRunResult(results, national, 0);
    }
}
