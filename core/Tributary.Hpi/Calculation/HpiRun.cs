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
        int? maxDegreeOfParallelism = null, CancellationToken cancel = default) =>
        Execute(markets.Count, i => markets[i].Pairs.Count, i => markets[i], parameters, cbsaDone, maxDegreeOfParallelism, cancel);

    /// <summary>Runs a spooled split, loading one CBSA per worker at a time, so memory stays bounded by the largest CBSAs.</summary>
    public static HpiRunResult Execute(MarketSpool spool, HpiParameters parameters, Action<int, int>? cbsaDone = null,
        int? maxDegreeOfParallelism = null, CancellationToken cancel = default) =>
        Execute(spool.Count, spool.PairCount, spool.Load, parameters, cbsaDone, maxDegreeOfParallelism, cancel)
            with { PairsAcrossTracts = spool.PairsAcrossTracts };

    /// <summary>
    /// Computes every CBSA of a spool as <see cref="Execute(MarketSpool, HpiParameters, Action{int, int}?, int?, CancellationToken)"/>
    /// does (largest first, each exactly as alone), on threads of its own (one per core by default) rather than the thread
    /// pool's, so a caller's I/O keeps the pool meanwhile; each result goes to <paramref name="computed"/> on the thread that
    /// computed it as soon as it is done. Completes with the results in CBSA order, or with the first failure.
    /// </summary>
    public static async Task<CbsaIndexResult[]> ComputeCbsasAsync(MarketSpool spool, HpiParameters parameters, Action<CbsaIndexResult> computed,
        int? threads = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(computed);
        parameters.Validate();
        var results = new CbsaIndexResult[spool.Count];
        var order = Enumerable.Range(0, spool.Count).OrderByDescending(spool.PairCount).ToArray();
        var next = -1;
        var failed = false;
        var workers = Enumerable.Range(0, Math.Clamp(threads ?? Environment.ProcessorCount, 1, Math.Max(1, order.Length))).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                for (var k = Interlocked.Increment(ref next); k < order.Length && !Volatile.Read(ref failed); k = Interlocked.Increment(ref next))
                {
                    cancel.ThrowIfCancellationRequested();
                    var i = order[k];
                    results[i] = CbsaIndexCalculator.Compute(spool.Load(i), parameters);
                    computed(results[i]);
                }
            }
            catch
            {
                // The other threads stop at their next CBSA.
                Volatile.Write(ref failed, true);
                throw;
            }
        }, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return results;
    }

    private static HpiRunResult Execute(int count, Func<int, long> pairs, Func<int, CbsaMarket> market, HpiParameters parameters,
        Action<int, int>? cbsaDone, int? maxDegreeOfParallelism, CancellationToken cancel)
    {
        parameters.Validate();
        var results = new CbsaIndexResult[count];
        var done = 0;
        // Largest CBSAs first, so one big CBSA does not finish alone at the end; results land by index, so order is fixed.
        var order = Enumerable.Range(0, count).OrderByDescending(pairs).ToArray();
        Parallel.ForEach(order,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancel },
            i =>
            {
                results[i] = CbsaIndexCalculator.Compute(market(i), parameters);
                cbsaDone?.Invoke(Interlocked.Increment(ref done), count);
            });
        var national = NationalIndex.Compute(results.SelectMany(r => r.Contributions));
        return new HpiRunResult(results, national, 0);
    }
}
