using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Forecast.Feedback;

/// <summary>One training of the model, as recorded in models.json, so a user can line accuracy up with versions.</summary>
/// <param name="FeedbackDays">Market days in this training's history that came after the previous version's history ended:
/// what the model learned from feedback.</param>
public sealed record ModelVersion(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("trained_utc")] DateTime TrainedUtc,
    [property: JsonPropertyName("history_end")] DateOnly HistoryEnd,
    [property: JsonPropertyName("sales_file")] string SalesFile,
    [property: JsonPropertyName("series")] int Series,
    [property: JsonPropertyName("market_days")] int MarketDays,
    [property: JsonPropertyName("sold_out_days")] int SoldOutDays,
    [property: JsonPropertyName("feedback_days")] int FeedbackDays,
    [property: JsonPropertyName("weather")] bool Weather,
    [property: JsonPropertyName("events")] bool Events,
    [property: JsonPropertyName("service_level")] double ServiceLevel,
    [property: JsonPropertyName("dates")] IReadOnlyList<DateOnly> Dates);

/// <summary>models.json in an output directory: every training, oldest first.</summary>
public static class ModelVersions
{
    public const string FileName = "models.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static IReadOnlyList<ModelVersion> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<ModelVersion>>(File.ReadAllText(path), Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new Tributary.Abstractions.Input.InvalidInputException(new Tributary.Abstractions.Input.InputError(path, 0, null,
                $"not a model version list: {e.Message}"));
        }
    }

    /// <summary>Appends the next version (numbered after the last) and returns it.</summary>
    public static ModelVersion Append(string directory, Func<int, IReadOnlyList<ModelVersion>, ModelVersion> create)
    {
        var versions = Read(directory).ToList();
        var next = create(versions.Count == 0 ? 1 : versions[^1].Version + 1, versions);
        versions.Add(next);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(versions, Json) + "\n");
        return next;
    }
}
