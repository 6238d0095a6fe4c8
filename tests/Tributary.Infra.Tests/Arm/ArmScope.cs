using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>What parameters(), variables() and copyIndex() mean inside one (nested) template.</summary>
public sealed class ArmScope
{
    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, JsonNode?> _suppliedParameters;
    private readonly Dictionary<string, JsonNode?> _parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="template">The template whose parameters and variables are in scope.</param>
    /// <param name="suppliedParameters">Values passed to it (already evaluated); missing ones take their defaultValue.</param>
    /// <param name="modules">Modules expanded so far in this deployment, by deployment name (shared by all scopes).</param>
    public ArmScope(JsonObject template, IReadOnlyDictionary<string, JsonNode?> suppliedParameters, Dictionary<string, ArmScope> modules, int? copyIndex = null)
    {
        _template = template;
        _suppliedParameters = suppliedParameters;
        Modules = modules;
        CopyIndex = copyIndex;
    }

    /// <summary>Module scopes by deployment name, so reference(&lt;deployment&gt;).outputs resolves like ARM resolves it.</summary>
    public Dictionary<string, ArmScope> Modules { get; }

    /// <summary>This template's outputs, evaluated, shaped as reference() returns them: { name: { value } }.</summary>
    public JsonObject Outputs()
    {
        var outputs = new JsonObject();
        if (_template["outputs"] is JsonObject definitions)
        {
            foreach (var (name, definition) in definitions) outputs[name] = new JsonObject { ["value"] = Evaluate(definition!["value"]) };
        }
        return outputs;
    }

    /// <summary>The current iteration of a resource copy loop, if any.</summary>
    public int? CopyIndex { get; }

    /// <summary>The same template and values, at another copy iteration.</summary>
    public ArmScope AtCopyIndex(int index) => new(_template, _suppliedParameters, Modules, index);

    /// <summary>Value of a parameter: the supplied one, else its evaluated default.</summary>
    public JsonNode? Parameter(string name)
    {
        if (_parameters.TryGetValue(name, out var cached)) return cached?.DeepClone();
        JsonNode? value;
        if (_suppliedParameters.TryGetValue(name, out var supplied))
        {
            value = supplied?.DeepClone();
        }
        else
        {
            var definitions = _template["parameters"] as JsonObject
                ?? throw new InvalidOperationException($"template has no parameters, asked for '{name}'");
            var definition = definitions.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value as JsonObject
                ?? throw new InvalidOperationException($"unknown parameter '{name}'");
            if (!definition.TryGetPropertyValue("defaultValue", out var defaultValue))
                throw new InvalidOperationException($"parameter '{name}' has neither a value nor a default");
            value = Evaluate(defaultValue);
        }
        _parameters[name] = value;
        return value?.DeepClone();
    }

    /// <summary>Value of a variable, evaluated on first use.</summary>
    public JsonNode? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var cached)) return cached?.DeepClone();
        var definitions = _template["variables"] as JsonObject
            ?? throw new InvalidOperationException($"template has no variables, asked for '{name}'");
        if (!definitions.TryGetPropertyValue(name, out var raw))
            throw new InvalidOperationException($"unknown variable '{name}'");
        var value = Evaluate(raw);
        _variables[name] = value;
        return value?.DeepClone();
    }

    /// <summary>Evaluates every expression string inside a JSON value (a deep copy; the input is not changed).</summary>
    public JsonNode? Evaluate(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(EvaluateKey(p.Key), Evaluate(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Evaluate).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => EvaluateString(s),
        _ => node?.DeepClone(),
    };

    private string EvaluateKey(string key) =>
        ArmExpression.IsExpression(key) ? ArmExpression.Render(ArmExpression.Evaluate(key, this), false) : key;

    private JsonNode? EvaluateString(string s)
    {
        if (ArmExpression.IsExpression(s)) return ArmExpression.Evaluate(s, this);
        return JsonValue.Create(s.StartsWith("[[", StringComparison.Ordinal) ? s[1..] : s);
    }
}
