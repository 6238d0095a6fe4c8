using Tributary.Forecast.Evaluation;
using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Backtesting;

/// <summary>Rolling-origin backtest of the demand model against the seasonal-naive and moving-average baselines.</summary>
/// <remarks>At each origin everything is refitted from the days before it (market priors, then each vendor), exactly as
/// <c>recommend</c> would have run that day. Weather rows after the origin serve as the forecast, so on a user's data (where
/// they are observations) the weather part is as good as a perfect forecast. Without truth the actual is units sold, and
/// sold-out days are left out: their demand is unknown, and counting them would reward forecasting the stock.</remarks>
public static class Backtest
{
    /// <param name="variants">Other settings to score side by side with the default model (e.g. <see cref="ModelVariants"/>).</param>
    public static BacktestReport Run(ForecastInputs inputs, BacktestOptions options, TruthTable? truth = null, ModelSettings? settings = null,
        Action<int, int>? originDone = null, CancellationToken cancel = default, IReadOnlyList<(string Name, ModelSettings Settings)>? variants = null)
    {
        options.Validate();
        variants ??= [];
        var variantScores = variants.Select(_ => new AccuracyMetrics()).ToArray();
        var model = new AccuracyMetrics();
        var naive = new AccuracyMetrics();
        var average = new AccuracyMetrics();
        var oracle = new AccuracyMetrics();
        long censored = 0, unforecastable = 0;
        var end = inputs.Sales.Last;
        for (var o = options.Origins; o >= 1; o--)
        {
            cancel.ThrowIfCancellationRequested();
            var origin = end.AddDays(1 - options.HorizonDays * o);
            var until = origin.AddDays(options.HorizonDays);
            var past = inputs.WithSales(inputs.Sales.Before(origin));
            var priors = MarketPriors.Fit(past, settings);
            var variantPriors = variants.Select(v => MarketPriors.Fit(past, v.Settings)).ToArray();
            var vendors = past.Sales.ByVendor();
            var scores = new (AccuracyMetrics M, AccuracyMetrics N, AccuracyMetrics A, AccuracyMetrics O, long C, AccuracyMetrics[] V)[vendors.Count];
            var full = inputs.Sales.Products.ToDictionary(p => p.Key);
            Parallel.For(0, vendors.Count, new ParallelOptions { CancellationToken = cancel }, v =>
            {
                var s = (M: new AccuracyMetrics(), N: new AccuracyMetrics(), A: new AccuracyMetrics(), O: new AccuracyMetrics(), C: 0L,
                    V: variants.Select(_ => new AccuracyMetrics()).ToArray());
                var trained = DemandModel.Train(past.WithSales(vendors[v]), priors);
                var others = variantPriors.Select(p => DemandModel.Train(past.WithSales(vendors[v]), p)).ToArray();
                foreach (var series in vendors[v].Products)
                {
                    foreach (var day in full[series.Key].Days)
                    {
                        if (day.Date < origin || day.Date >= until)
                        {
                            continue;
                        }

                        double actual;
                        TruthDay t = default;
                        if (truth is not null)
                        {
                            if (!truth.TryGet(series.Key, day.Date, out t))
                            {
                                continue;
                            }

                            actual = t.Demand;
                        }
                        else if (day.SoldOut)
                        {
                            s.C++;
                            continue;
                        }
                        else
                        {
                            actual = day.UnitsSold;
                        }

                        var forecast = trained[series.Key].Predict(day.Date, inputs, priors.Reference);
                        s.M.Add(forecast.Quantile(0.5), actual);
                        for (var i = 0; i < others.Length; i++)
                        {
                            s.V[i].Add(others[i][series.Key].Predict(day.Date, inputs, priors.Reference).Quantile(0.5), actual);
                        }

                        s.N.Add(Baselines.SeasonalNaive(series, day.Date) ?? series.Days[^1].UnitsSold, actual);
                        s.A.Add(Baselines.MovingAverage(series, day.Date) ?? series.Days[^1].UnitsSold, actual);
                        if (truth is not null)
                        {
                            s.O.Add(t.OracleMedian, actual);
                        }
                    }
                }

                scores[v] = s;
            });

            // Series that only start inside the window cannot be forecast by anyone from the past.
            var known = past.Sales.Products.Select(p => p.Key).ToHashSet();
            unforecastable += inputs.Sales.Products.Where(p => !known.Contains(p.Key)).Sum(p => p.Days.Count(d => d.Date >= origin && d.Date < until));
            foreach (var s in scores)
            {
                model.Add(s.M);
                naive.Add(s.N);
                average.Add(s.A);
                oracle.Add(s.O);
                censored += s.C;
                for (var i = 0; i < variantScores.Length; i++)
                {
                    variantScores[i].Add(s.V[i]);
                }
            }

            originDone?.Invoke(options.Origins - o + 1, options.Origins);
        }

        var methods = new List<MethodScore>
        {
            new(BacktestReport.ModelName, model),
        };
        methods.AddRange(variants.Select((v, i) => new MethodScore(v.Name, variantScores[i])));
        methods.Add(new MethodScore(BacktestReport.SeasonalNaiveName, naive));
        methods.Add(new MethodScore(BacktestReport.MovingAverageName, average));
        if (truth is not null)
        {
            methods.Add(new MethodScore(BacktestReport.OracleName, oracle));
        }

        return new BacktestReport(methods, options.Origins, options.HorizonDays, censored, unforecastable, truth is not null);
    }
}
