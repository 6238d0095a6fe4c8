using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tributary.Infra.Tests.Arm;

/// <summary>The ARM template functions that bicep's output uses, evaluated as Azure would, or opaque when only Azure knows.</summary>
internal static partial class ArmFunctions
{
    private const string Subscription = "«subscriptionId»";
    private const string ResourceGroup = "«resourceGroup»";

    public static JsonNode? Call(string name, List<JsonNode?> args, ArmScope scope)
    {
        if (args.Any(ArmExpression.IsOpaque) && !TolerantOfOpaque(name))
        {
            return name is "uniqueString" or "guid" ? ArmExpression.Opaque($"{name}#{Digest(args)}") : OpaqueCall(name, args);
        }
        return name.ToLowerInvariant() switch
        {
            "parameters" => scope.Parameter(Str(args[0])),
            "variables" => scope.Variable(Str(args[0])),
            "copyindex" => JsonValue.Create((scope.CopyIndex ?? throw new InvalidOperationException("copyIndex() outside a loop"))
                + (args.Count > 0 && args[^1] is JsonValue v && v.TryGetValue<long>(out var offset) ? (int)offset : 0)),
            "format" => JsonValue.Create(Format(Str(args[0]), args.Skip(1).ToList())),
            "concat" => args.Count > 0 && args[0] is JsonArray
                ? new JsonArray(args.SelectMany(a => ((JsonArray)a!).Select(x => x?.DeepClone())).ToArray())
                : JsonValue.Create(string.Concat(args.Select(a => ArmExpression.Render(a, false)))),
            "createarray" => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
            "createobject" => CreateObject(args),
            "length" => JsonValue.Create(args[0] switch
            {
                JsonArray a => a.Count,
                JsonObject o => o.Count,
                var s => Str(s).Length,
            }),
            "take" => args[0] is JsonArray arr
                ? new JsonArray(arr.Take(Int(args[1])).Select(x => x?.DeepClone()).ToArray())
                : JsonValue.Create(new string(Str(args[0]).Take(Int(args[1])).ToArray())),
            "tolower" => JsonValue.Create(Str(args[0]).ToLowerInvariant()),
            "toupper" => JsonValue.Create(Str(args[0]).ToUpperInvariant()),
            "replace" => JsonValue.Create(Str(args[0]).Replace(Str(args[1]), Str(args[2]), StringComparison.Ordinal)),
            "string" => JsonValue.Create(ArmExpression.Render(args[0], false)),
            "empty" => JsonValue.Create(args[0] switch
            {
                null => true,
                JsonArray a => a.Count == 0,
                JsonObject o => o.Count == 0,
                var s => Str(s).Length == 0,
            }),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(args[0], args[1])),
            "not" => JsonValue.Create(!Bool(args[0])),
            "and" => JsonValue.Create(args.All(Bool)),
            "or" => JsonValue.Create(args.Any(Bool)),
            "if" => ArmExpression.IsOpaque(args[0]) ? OpaqueCall(name, args) : Bool(args[0]) ? args[1]?.DeepClone() : args[2]?.DeepClone(),
            "resourceid" => JsonValue.Create($"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}{Provider(args)}"),
            "subscriptionresourceid" => JsonValue.Create($"/subscriptions/{Subscription}{Provider(args)}"),
            "resourcegroup" => new JsonObject
            {
                ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}",
                ["name"] = ResourceGroup,
                ["location"] = "«resourceGroup.location»",
            },
            "subscription" => new JsonObject { ["subscriptionId"] = Subscription, ["id"] = $"/subscriptions/{Subscription}" },
            // Deterministic in Azure, unknown here: a stable token per distinct input keeps names comparable
            // (and free of the '/' their resource-id arguments contain).
            "uniquestring" or "guid" => ArmExpression.Opaque($"{name}#{Digest(args)}"),
            "reference" => Reference(args, scope) ?? OpaqueCall(name, args),
            // reference() to a resource, list*(), guid(), uniqueString() and anything unlisted: known only to Azure.
            _ => OpaqueCall(name, args),
        };
    }

    // reference() to a module's deployment returns its outputs, which the module's own scope can evaluate.
    private static JsonObject? Reference(List<JsonNode?> args, ArmScope scope)
    {
        const string Deployments = "/providers/Microsoft.Resources/deployments/";
        var id = Str(args[0]);
        var at = id.IndexOf(Deployments, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || !scope.Modules.TryGetValue(id[(at + Deployments.Length)..], out var module)) return null;
        return new JsonObject { ["outputs"] = module.Outputs() };
    }

    // A conditional with an opaque branch still has a known outcome when its condition is known.
    private static bool TolerantOfOpaque(string name) =>
        name.Equals("if", StringComparison.OrdinalIgnoreCase) || name.Equals("format", StringComparison.OrdinalIgnoreCase)
        || name.Equals("createArray", StringComparison.OrdinalIgnoreCase) || name.Equals("createObject", StringComparison.OrdinalIgnoreCase)
        || name.Equals("concat", StringComparison.OrdinalIgnoreCase) || name.Equals("resourceId", StringComparison.OrdinalIgnoreCase)
        || name.Equals("subscriptionResourceId", StringComparison.OrdinalIgnoreCase);

    private static string Digest(List<JsonNode?> args) => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", args.Select(a => ArmExpression.Render(a, true))))))[..8];

    private static JsonNode OpaqueCall(string name, List<JsonNode?> args) =>
        ArmExpression.Opaque($"{name}({string.Join(", ", args.Select(a => ArmExpression.Render(a, true)))})");

    // resourceId('A.B/x/y', 'n1', 'n2') -> /providers/A.B/x/n1/y/n2
    private static string Provider(List<JsonNode?> args)
    {
        var typeSegments = Str(args[0]).Split('/');
        var names = args.Skip(1).Select(a => ArmExpression.Render(a, false)).ToArray();
        if (typeSegments.Length - 1 != names.Length)
            throw new InvalidOperationException($"resource type {Str(args[0])} needs {typeSegments.Length - 1} names, got {names.Length}");
        var path = $"/providers/{typeSegments[0]}";
        for (var i = 0; i < names.Length; i++) path += $"/{typeSegments[i + 1]}/{names[i]}";
        return path;
    }

    private static string Format(string format, List<JsonNode?> args) =>
        FormatItem().Replace(format, m => ArmExpression.Render(args[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)], false));

    private static JsonObject CreateObject(List<JsonNode?> args)
    {
        var o = new JsonObject();
        for (var i = 0; i + 1 < args.Count; i += 2) o[Str(args[i])] = args[i + 1]?.DeepClone();
        return o;
    }

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s)
        ? s
        : throw new InvalidOperationException($"string expected, got {node?.ToJsonString() ?? "null"}");

    private static int Int(JsonNode? node) => (int)node!.GetValue<long>();

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b)
        ? b
        : throw new InvalidOperationException($"boolean expected, got {node?.ToJsonString() ?? "null"}");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex FormatItem();
}
