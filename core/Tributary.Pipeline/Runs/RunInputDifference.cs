using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>What differs between a stored run's input and a new request for the same id, in words for a 409.</summary>
public static class RunInputDifference
{
    /// <summary>The first difference (kind, source, parameters), or null when the request asks for the same run.</summary>
    public static string? Of(RunState existing, string kind, RunRequest requested)
    {
        if (existing.Kind != kind)
        {
            return $"kind is {existing.Kind}, not {kind}";
        }

        if (existing.Input is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<RunRequest>(existing.Input, DurableJson.Options);
        if (stored is null)
        {
            return null;
        }

        if (!Equals(stored.Source, requested.Source))
        {
            return $"source is {Describe(stored.Source)}, not {Describe(requested.Source)}";
        }

        var before = stored.Parameters is { } p ? Canonical(p) : "{}";
        var after = requested.Parameters is { } q ? Canonical(q) : "{}";
        return before == after ? null : $"parameters are {Shorten(before)}, not {Shorten(after)}";
    }

    private static string Describe(BlobFolder? folder) => folder is null ? "none" : $"{folder.Container}/{folder.Prefix}";

    private static string Canonical(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? "{}" : JsonSerializer.Serialize(element);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
