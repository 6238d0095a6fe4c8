using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>
/// A compiled ARM template expanded the way Resource Manager expands it: modules (nested deployments) with the values
/// passed to them, copy loops per iteration, conditions evaluated. The result is the flat list of resources.
/// </summary>
public sealed class CompiledTemplate
{
    private CompiledTemplate(JsonObject root, IReadOnlyList<DeployedResource> resources)
    {
        Root = root;
        Resources = resources;
    }

    /// <summary>The compiled template as bicep wrote it.</summary>
    public JsonObject Root { get; }

    /// <summary>Every resource, in template order, including those whose condition is false (see Deployed).</summary>
    public IReadOnlyList<DeployedResource> Resources { get; }

    /// <summary>Resources of one type that would be deployed.</summary>
    public IEnumerable<DeployedResource> OfType(string type) =>
        Resources.Where(r => r.Deployed && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The only deployed resource of a type; fails when there is none or several.</summary>
    public DeployedResource Single(string type) => OfType(type).Single();

    /// <summary>Expands a compiled template with the given top-level parameter values.</summary>
    public static CompiledTemplate Expand(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var resources = new List<DeployedResource>();
        Walk(template, new ArmScope(template, parameters, new Dictionary<string, ArmScope>(StringComparer.OrdinalIgnoreCase)), deployed: true, module: "", resources);
        return new CompiledTemplate(template, resources);
    }

    private static void Walk(JsonObject template, ArmScope scope, bool deployed, string module, List<DeployedResource> into)
    {
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        IEnumerable<JsonNode?> raw = template["resources"] switch
        {
            JsonArray a => a,
            JsonObject o => o.Select(p => p.Value),
            _ => [],
        };
        foreach (var resource in raw.OfType<JsonObject>())
        {
            if (resource["existing"]?.GetValue<bool>() == true) continue;
            if (resource["copy"] is JsonObject copy)
            {
                var count = scope.Evaluate(copy["count"])!.GetValue<int>();
                for (var i = 0; i < count; i++) Expand(resource, scope.AtCopyIndex(i), deployed, module, into);
            }
            else
            {
                Expand(resource, scope, deployed, module, into);
            }
        }
    }

    private static void Expand(JsonObject resource, ArmScope scope, bool deployed, string module, List<DeployedResource> into)
    {
        var type = resource["type"]!.GetValue<string>();
        var isModule = type == "Microsoft.Resources/deployments";
        var condition = resource["condition"] is { } c ? scope.Evaluate(c)!.GetValue<bool>() : true;

        // A module's nested template is evaluated in its own scope below, not in the caller's.
        var shallow = (JsonObject)resource.DeepClone();
        JsonObject? nested = null;
        if (isModule && shallow["properties"] is JsonObject props)
        {
            nested = props["template"] as JsonObject;
            props.Remove("template");
        }
        shallow.Remove("copy");
        var body = (JsonObject)scope.Evaluate(shallow)!;
        var name = body["name"]!.GetValue<string>();
        into.Add(new DeployedResource(type, name, body, deployed && condition, module));

        if (nested is null) return;
        var passed = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        if (body["properties"]?["parameters"] is JsonObject values)
        {
            foreach (var (key, value) in values) passed[key] = value?["value"]?.DeepClone();
        }
        var childModule = module.Length == 0 ? name : $"{module}/{name}";
        var moduleScope = new ArmScope(nested, passed, scope.Modules);
        scope.Modules[name] = moduleScope;
        Walk(nested, moduleScope, deployed && condition, childModule, into);
    }
}
