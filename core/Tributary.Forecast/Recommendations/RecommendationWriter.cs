using System.Globalization;
using System.Text;

namespace Tributary.Forecast.Recommendations;

/// <summary>Writes recommendations.csv (the fixed contract) and recommendation_details.csv (what the contract has no room for).</summary>
public static class RecommendationWriter
{
    /// <summary>The header of recommendations.csv; outside checks read it, so it never changes.</summary>
    public const string Header = "date,market,vendor,product,recommended_units,median_units,p10_units,p90_units,expected_revenue,inputs_used,reason";

    /// <summary>The header of recommendation_details.csv.</summary>
    public const string DetailsHeader = "date,market,vendor,product,category,service_level,mean_demand,expected_units_sold,price,model_version";

    public const string FileName = "recommendations.csv";
    public const string DetailsFileName = "recommendation_details.csv";

    /// <summary>Writes recommendations.csv (header and rows) to a writer: the pipeline's output blob uses the same bytes as the CLI.</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<Recommendation> recommendations)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(recommendations);
        var inv = CultureInfo.InvariantCulture;
        writer.Write(Header + "\n");
        foreach (var r in recommendations)
        {
            writer.Write(string.Join(",", r.Date.ToString("yyyy-MM-dd", inv), Csv.Quote(r.Market), Csv.Quote(r.Vendor), Csv.Quote(r.Product),
                r.RecommendedUnits.ToString(inv), r.MedianUnits.ToString(inv), r.P10Units.ToString(inv), r.P90Units.ToString(inv),
                r.ExpectedRevenue.ToString("F2", inv), Csv.Quote(r.InputsUsed), Csv.Quote(r.Reason)));
            writer.Write('\n');
        }
    }

    /// <summary>Writes both files into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, IReadOnlyList<Recommendation> recommendations, int modelVersion)
    {
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        using (var writer = new StreamWriter(Path.Combine(directory, FileName), false, new UTF8Encoding(false)))
        {
            WriteCsv(writer, recommendations);
        }

        using var details = new StreamWriter(Path.Combine(directory, DetailsFileName), false, new UTF8Encoding(false));
        details.Write(DetailsHeader + "\n");
        foreach (var r in recommendations)
        {
            details.Write(string.Join(",", r.Date.ToString("yyyy-MM-dd", inv), Csv.Quote(r.Market), Csv.Quote(r.Vendor), Csv.Quote(r.Product),
                Csv.Quote(r.Category ?? ""), r.ServiceLevel.ToString(inv), r.MeanDemand.ToString("F3", inv), r.ExpectedUnitsSold.ToString("F3", inv),
                r.Price.ToString("F2", inv), modelVersion.ToString(inv)));
            details.Write('\n');
        }
    }
}
