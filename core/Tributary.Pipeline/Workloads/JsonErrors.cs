using System.Text.Json;

namespace Tributary.Pipeline.Workloads;

/// <summary>How a JSON syntax or type error is worded for the caller, in a start body and in a drop's manifest alike.</summary>
public static class JsonErrors
{
    /// <summary>Where the JSON breaks (1-based line and column, as editors count) and the serializer's cause.</summary>
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The serializer's message ends in " Path: … | LineNumber: …" (0-based); only the cause is kept, the position is given here.
        var cause = error.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
        return error.LineNumber is { } line
            ? $"not valid JSON here (line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {cause})"
            : $"not valid JSON here ({cause})";
    }
}
