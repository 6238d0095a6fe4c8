using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tributary.Pipeline.Workloads;

/// <summary>
/// How a JSON syntax or type error is worded for the caller, in a start body, a feedback body and a drop's manifest alike:
/// the position and the cause in the caller's terms ("expected a whole number"), never a .NET type name.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>Where the JSON breaks (1-based line and column, as editors count) and the cause; <paramref name="root"/> is the type the JSON was read as, when known.</summary>
    public static string Describe(JsonException error, Type? root = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The serializer's message ends in " Path: … | LineNumber: …" (0-based); only the cause is kept, the position is given here.
        var cause = Cause(error, root);
        return error.LineNumber is { } line
            ? $"not valid JSON here (line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {cause})"
            : $"not valid JSON here ({cause})";
    }

    /// <summary>The serializer's cause without its position; a value of the wrong type is said as what was expected, never as a .NET type.</summary>
    public static string Cause(JsonException error, Type? root = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Expected(error, root) is { } expected)
        {
            return $"expected {expected}";
        }

        var cause = error.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
        return ConvertedTo().IsMatch(cause) ? "a value of the wrong type" : cause;
    }

    /// <summary>
    /// What a value of the wrong type should have been ("a whole number", "an object"), or null when the error is not a type
    /// mismatch or the type cannot be told. The serializer names the containing type for a property of a record, so the
    /// value's type is found from <paramref name="root"/> along the error's path when the root is known.
    /// </summary>
    public static string? Expected(JsonException error, Type? root = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (ConvertedTo().Match(error.Message) is not { Success: true } match)
        {
            return null;
        }

        if (root is not null && error.Path is { } path && Resolve(root, path) is { } target)
        {
            return Kind(target);
        }

        var named = match.Groups["type"].Value;
        return named.StartsWith("System.", StringComparison.Ordinal) ? Kind(named) : null;
    }

    private static Type? Resolve(Type root, string path)
    {
        var type = root;
        foreach (Match step in PathStep().Matches(path))
        {
            var info = Durable.DurableJson.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (step.Groups["index"].Success)
            {
                type = info.ElementType;
            }
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                type = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    private static string Kind(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.FullName is { } name && name.StartsWith("System.", StringComparison.Ordinal) && Kind(name) is var primitive && primitive != "an object")
        {
            return primitive;
        }

        return Durable.DurableJson.Options.GetTypeInfo(inner).Kind switch
        {
            System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable => "an array",
            System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.None => "a value of another type",
            _ => "an object",
        };
    }

    private static string Kind(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            "System.DateOnly" => "a date \"yyyy-MM-dd\"",
            "System.DateTime" or "System.DateTimeOffset" => "a date and time such as \"2026-05-01T08:00:00Z\"",
            "System.TimeSpan" => "a time span such as \"00:00:02\"",
            "System.Text.Json.JsonElement" => "a JSON value",
            _ when inner.EndsWith("[]", StringComparison.Ordinal) || inner.StartsWith("System.Collections.", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"could not be converted to (?<type>[^\s]+?)\.?(?:\s|$)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[\[?([^,\]]+)")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][\w]*)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathStep();
}
