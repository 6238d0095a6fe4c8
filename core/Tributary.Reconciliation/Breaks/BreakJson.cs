using System.Text.Json;

namespace Tributary.Reconciliation.Breaks;

/// <summary>System.Text.Json settings for breaks and summaries: snake_case names, indented.</summary>
public static class BreakJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
