namespace Tributary.Forecast.Feedback;

/// <summary>Accuracy of recommendations in one period, for one vendor (or all) and one model version.</summary>
/// <param name="Period">Calendar month, yyyy-MM.</param>
/// <param name="Vendor">A vendor, or <see cref="AllVendors"/>.</param>
/// <param name="Evaluated">Days that did not sell out, where sold = demand; within, MAPE and bias are computed on these.</param>
/// <param name="WasteRate">Σ(brought − sold) / Σ brought over days with units brought recorded.</param>
public sealed record AccuracyKpis(string Period, string Vendor, int ModelVersion, int Days, int Evaluated, double WithinShare, double Mape,
    double Bias, double SelloutRate, double WasteRate)
{
    public const string AllVendors = "(all)";

    public const string Header = "period,vendor,model_version,days,evaluated,within_20pct,mape,bias,sellout_rate,waste_rate";

    /// <summary>KPIs per (month, model version) for each vendor and for all vendors together.</summary>
    public static IReadOnlyList<AccuracyKpis> Compute(IEnumerable<Variance> variances)
    {
        var list = variances.ToList();
        var groups = list.GroupBy(v => (Period: v.Date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), v.ModelVersion, v.Key.Vendor))
            .Select(g => Of(g.Key.Period, g.Key.Vendor, g.Key.ModelVersion, g.ToList()))
            .Concat(list.GroupBy(v => (Period: v.Date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), v.ModelVersion))
                .Select(g => Of(g.Key.Period, AllVendors, g.Key.ModelVersion, g.ToList())));
        return groups.OrderBy(k => k.Period, StringComparer.Ordinal).ThenBy(k => k.ModelVersion).ThenBy(k => k.Vendor == AllVendors ? 0 : 1)
            .ThenBy(k => k.Vendor, StringComparer.Ordinal).ToArray();
    }

    private static AccuracyKpis Of(string period, string vendor, int version, List<Variance> days)
    {
        var metrics = new Backtesting.AccuracyMetrics();
        foreach (var d in days.Where(d => !d.SoldOut))
        {
            metrics.Add(d.MedianUnits, d.UnitsSold);
        }

        var recorded = days.Where(d => d.UnitsBrought is not null).ToList();
        var brought = recorded.Sum(d => (double)d.UnitsBrought!.Value);
        return new AccuracyKpis(period, vendor, version, days.Count, (int)metrics.Count, metrics.WithinShare, metrics.Mape, metrics.Bias,
            recorded.Count == 0 ? double.NaN : recorded.Count(d => d.SoldOut) / (double)recorded.Count,
            brought == 0 ? double.NaN : recorded.Sum(d => d.Waste) / brought);
    }
}
