using Tributary.Abstractions.Input;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;

namespace Tributary.Forecast.Feedback;

/// <summary>Reads the recommendations a run wrote (recommendations.csv, and the model version from recommendation_details.csv).</summary>
public static class IssuedRecommendations
{
    private static readonly string[] Columns = ["date", "market", "vendor", "product", "recommended_units", "median_units", "p10_units", "p90_units"];
    private static readonly string[] DetailColumns = ["date", "market", "vendor", "product", "model_version"];

    /// <summary>Reads <c>recommendations.csv</c> (path given), with versions from the details file beside it when present.</summary>
    public static IReadOnlyList<IssuedRecommendation> Read(string path)
    {
        var versions = new Dictionary<(SeriesKey, DateOnly), int>();
        var details = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, RecommendationWriter.DetailsFileName);
        var errors = new List<InputError>();
        if (File.Exists(details))
        {
            using var stream = File.OpenRead(details);
            using var csv = CsvSource.Open(stream, details, DetailColumns, InputErrors.Collector(errors));
            while (csv.Read())
            {
                var ok = csv.TryDate(0, errors, out var date) & csv.TryText(1, errors, out var market) & csv.TryText(2, errors, out var vendor)
                    & csv.TryText(3, errors, out var product) & csv.TryInt(4, errors, 0, int.MaxValue, out var version);
                if (ok)
                {
                    versions[(new SeriesKey(market, vendor, product), date)] = version;
                }

                InputErrors.ThrowIfFull(errors);
            }
        }

        var result = new List<IssuedRecommendation>();
        using (var stream = File.OpenRead(path))
        {
            using var csv = CsvSource.Open(stream, path, Columns, InputErrors.Collector(errors));
            while (csv.Read())
            {
                var ok = csv.TryDate(0, errors, out var date) & csv.TryText(1, errors, out var market) & csv.TryText(2, errors, out var vendor)
                    & csv.TryText(3, errors, out var product) & csv.TryInt(4, errors, 0, int.MaxValue, out var recommended)
                    & csv.TryInt(5, errors, 0, int.MaxValue, out var median) & csv.TryInt(6, errors, 0, int.MaxValue, out var p10)
                    & csv.TryInt(7, errors, 0, int.MaxValue, out var p90);
                if (ok)
                {
                    var key = new SeriesKey(market, vendor, product);
                    result.Add(new IssuedRecommendation(key, date, recommended, median, p10, p90, versions.GetValueOrDefault((key, date))));
                }

                InputErrors.ThrowIfFull(errors);
            }
        }

        InputErrors.ThrowIfAny(errors);
        return result;
    }
}
