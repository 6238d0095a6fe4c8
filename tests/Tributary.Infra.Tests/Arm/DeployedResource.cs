using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>One resource a compiled template would deploy, with every expression evaluated.</summary>
/// <param name="Name">Full name, e.g. `account/db/container` for a child resource.</param>
/// <param name="Body">The evaluated resource object (properties, sku, identity, scope, …).</param>
/// <param name="Deployed">False when the resource's condition (or an enclosing module's) is false.</param>
/// <param name="Module">Chain of module deployment names that contain it, e.g. `cosmos`.</param>
public sealed record DeployedResource(string Type, string Name, JsonObject Body, bool Deployed, string Module)
{
    /// <summary>The evaluated `properties` object (empty when the resource has none).</summary>
    public JsonObject Properties => Body["properties"] as JsonObject ?? [];

    /// <summary>The evaluated `scope` of an extension resource such as a role assignment, or null.</summary>
    public string? Scope => Body["scope"]?.GetValue<string>();

    /// <summary>The last segment of the name (the child's own name).</summary>
    public string ShortName => Name.Split('/')[^1];
}
