using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>The template expansion follows ARM's rules, so assertions on infra templates rest on correct values.</summary>
public sealed class CompiledTemplateTests
{
    private static readonly Dictionary<string, JsonNode?> NoParameters = new();

    [Fact]
    public void Copy_loops_expand_per_index_and_conditions_switch_resources_off()
    {
        var template = Template("""
            {
              "parameters": { "names": { "type": "array", "defaultValue": [ "a", "b", "c" ] }, "on": { "type": "bool", "defaultValue": false } },
              "variables": { "prefix": "[format('x-{0}', 'y')]" },
              "resources": [
                { "type": "T/items", "name": "[format('{0}-{1}', variables('prefix'), parameters('names')[copyIndex()])]",
                  "copy": { "name": "items", "count": "[length(parameters('names'))]" }, "properties": { "index": "[copyIndex(1)]" } },
                { "type": "T/optional", "name": "opt", "condition": "[parameters('on')]" }
              ]
            }
            """);

        var expanded = CompiledTemplate.Expand(template, NoParameters);

        Assert.Equal(["x-y-a", "x-y-b", "x-y-c"], expanded.OfType("T/items").Select(r => r.Name));
        Assert.Equal([1, 2, 3], expanded.OfType("T/items").Select(r => r.Properties["index"]!.GetValue<int>()));
        Assert.Empty(expanded.OfType("T/optional"));
        Assert.False(Assert.Single(expanded.Resources, r => r.Type == "T/optional").Deployed);
    }

    [Fact]
    public void Module_parameters_and_outputs_flow_like_nested_deployments()
    {
        var template = Template("""
            {
              "parameters": { "env": { "type": "string" } },
              "resources": [
                { "type": "Microsoft.Resources/deployments", "name": "first",
                  "properties": { "parameters": { "name": { "value": "[format('id-{0}', parameters('env'))]" } },
                    "template": { "parameters": { "name": { "type": "string" } },
                      "resources": [ { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "[parameters('name')]" } ],
                      "outputs": { "name": { "type": "string", "value": "[parameters('name')]" } } } } },
                { "type": "Microsoft.Resources/deployments", "name": "second",
                  "properties": { "parameters": { "identity": { "value": "[reference(resourceId('Microsoft.Resources/deployments', 'first'), '2025-04-01').outputs.name.value]" } },
                    "template": { "parameters": { "identity": { "type": "string" } },
                      "resources": [ { "type": "T/uses", "name": "u",
                        "properties": { "id": "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identity'))]",
                                        "principal": "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identity')), '2023-01-31').principalId]" } } ] } } }
              ]
            }
            """);

        var expanded = CompiledTemplate.Expand(template, new Dictionary<string, JsonNode?> { ["env"] = "dev" });

        Assert.Equal("id-dev", expanded.Single("Microsoft.ManagedIdentity/userAssignedIdentities").Name);
        var uses = expanded.Single("T/uses");
        Assert.Equal("/subscriptions/«subscriptionId»/resourceGroups/«resourceGroup»/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-dev",
            uses.Properties["id"]!.GetValue<string>());
        // Azure alone knows a principal id: it stays opaque, naming what it refers to.
        Assert.Equal("«reference('/subscriptions/«subscriptionId»/resourceGroups/«resourceGroup»/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-dev', '2023-01-31').principalId»",
            uses.Properties["principal"]!.GetValue<string>());
        Assert.Equal("second", uses.Module);
    }

    [Theory]
    [InlineData("[concat('a', 'b', 'c')]", "abc")]
    [InlineData("[toLower(take('ABCDEF', 3))]", "abc")]
    [InlineData("[replace('https://ns.example:443/', ':443/', '')]", "https://ns.example")]
    [InlineData("[if(empty(''), 'none', 'some')]", "none")]
    [InlineData("[if(not(equals(1, 2)), 'differ', 'same')]", "differ")]
    [InlineData("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]", "/subscriptions/«subscriptionId»/providers/Microsoft.Authorization/roleDefinitions/r1")]
    [InlineData("[resourceId('A.B/x/y', 'n1', 'n2')]", "/subscriptions/«subscriptionId»/resourceGroups/«resourceGroup»/providers/A.B/x/n1/y/n2")]
    [InlineData("[format('{1}-{0}', 'it''s', 2)]", "2-it's")]
    [InlineData("[[literal]", "[literal]")]
    public void Functions_evaluate_as_arm_defines_them(string expression, string expected)
    {
        var scope = new ArmScope(new JsonObject(), NoParameters, new Dictionary<string, ArmScope>());

        Assert.Equal(expected, scope.Evaluate(JsonValue.Create(expression))!.GetValue<string>());
    }

    [Fact]
    public void Deploy_time_values_are_opaque_and_stable()
    {
        var scope = new ArmScope(new JsonObject(), NoParameters, new Dictionary<string, ArmScope>());

        var first = scope.Evaluate(JsonValue.Create("[uniqueString(resourceGroup().id, 'dev')]"))!.GetValue<string>();
        var again = scope.Evaluate(JsonValue.Create("[uniqueString(resourceGroup().id, 'dev')]"))!.GetValue<string>();
        var other = scope.Evaluate(JsonValue.Create("[uniqueString(resourceGroup().id, 'prod')]"))!.GetValue<string>();

        Assert.True(ArmExpression.IsOpaque(JsonValue.Create(first)));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.DoesNotContain('/', first);
    }

    private static JsonObject Template(string json) => JsonNode.Parse(json)!.AsObject();
}
