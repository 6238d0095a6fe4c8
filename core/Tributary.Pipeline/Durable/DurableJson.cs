using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Pipeline.Durable;

/// <summary>The one JSON shape of inputs, outputs, activity results and custom status (camelCase, enums as their C# names, break statuses as their wire names).</summary>
public static class DurableJson
{
    /// <summary>Serializer options shared by the engine, the stores and the HTTP host.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serializes a value; null stays null.</summary>
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Deserializes a value; null or empty JSON gives default.</summary>
    public static T Deserialize<T>(string? json) =>
        string.IsNullOrEmpty(json) ? default! : JsonSerializer.Deserialize<T>(json, Options)!;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new Tributary.Reconciliation.Workflow.BreakStatusJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
