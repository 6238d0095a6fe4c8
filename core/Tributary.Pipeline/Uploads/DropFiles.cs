namespace Tributary.Pipeline.Uploads;

/// <summary>
/// The files each kind's drop reads (required and optional, besides its trigger), for clients that upload a local folder
/// (`tributary drop`): anything else in the folder is not the drop's and is left out. Gen drops are one request file.
/// </summary>
public static class DropFiles
{
    /// <summary>The trigger of a folder drop, uploaded last.</summary>
    public const string Manifest = "manifest.json";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Hpi.HpiWorkload.KindName] = ["transactions.csv", "tracts.csv", "tract_years.csv"],
        [Reconciliation.ReconciliationWorkload.KindName] = ["left.csv", "right.csv"],
        [Forecast.ForecastWorkload.KindName] = ["sales.csv", "weather.csv", "events.csv", "products.csv"],
        [Generation.GenerationWorkload.KindName] = [],
    };

    /// <summary>The kinds a folder can be dropped for.</summary>
    public static IEnumerable<string> Kinds => Files.Keys.Order(StringComparer.Ordinal);

    /// <summary>The data files of the kind's drop (none for gen, whose drop is its request), or null for a kind without drops.</summary>
    public static IReadOnlyList<string>? For(string kind) => Files.GetValueOrDefault(kind);
}
