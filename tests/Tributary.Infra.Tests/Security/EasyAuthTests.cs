using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;
using Tributary.Pipeline.Access;

namespace Tributary.Infra.Tests.Security;

/// <summary>App Service Authentication (Easy Auth v2) with Entra ID in front of the app, and the app roles of core's matrix.</summary>
[Collection(InfraCollection.Name)]
public sealed class EasyAuthTests(InfraTemplates infra)
{
    private const string AuthSettings = "Microsoft.Web/sites/config";

    [Fact]
    public void Every_environment_puts_entra_id_easy_auth_on_the_function_app()
    {
        foreach (var (environment, template) in infra.All)
        {
            var auth = template.OfType(AuthSettings).Single(r => r.ShortName == "authsettingsV2");
            var site = template.Single(AzureTypes.Site);
            var properties = auth.Properties;
            var entra = properties["identityProviders"]!["azureActiveDirectory"]!;

            Assert.Equal($"{site.Name}/authsettingsV2", auth.Name);
            Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>(), environment);
            Assert.True(entra["enabled"]!.GetValue<bool>(), environment);
            Assert.Equal(InfraTemplates.SampleEntraClientId, entra["registration"]!["clientId"]!.GetValue<string>());
            Assert.EndsWith("/v2.0", entra["registration"]!["openIdIssuer"]!.ToString(), StringComparison.Ordinal);
            Assert.Equal(
                [InfraTemplates.SampleEntraClientId, $"api://{InfraTemplates.SampleEntraClientId}"],
                entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => a!.GetValue<string>()));
            Assert.True(properties["httpSettings"]!["requireHttps"]!.GetValue<bool>(), environment);
            Assert.False(properties["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>(), environment);

            // Unauthenticated requests reach the app's gate, which answers 401 itself (and accepts API keys); see auth.bicep.
            Assert.Equal("AllowAnonymous", properties["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_app_roles_are_the_roles_of_the_access_matrix_with_stable_ids()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "app-roles.json")))!.AsArray();

        Assert.Equal(RoleNames.All.Select(r => r.Name()), roles.Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal(roles.Count, roles.Select(r => Guid.Parse(r!["id"]!.GetValue<string>())).Distinct().Count());
        Assert.All(roles, r =>
        {
            // Users and groups, and automation identities (client credentials) alike.
            Assert.Equal(["Application", "User"], r!["allowedMemberTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
            Assert.True(r["isEnabled"]!.GetValue<bool>());
        });
    }

    [Fact]
    public void The_compiled_template_carries_the_app_roles_and_requires_the_client_id()
    {
        var root = JsonNode.Parse(infra.CompiledJson)!;
        var roles = root["outputs"]!["appRoles"]!;
        var clientId = root["parameters"]!["entraClientId"]!;

        Assert.Contains("app-roles.json", File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.bicep")), StringComparison.Ordinal);
        Assert.Equal("array", roles["type"]!.GetValue<string>());
        Assert.Equal("string", clientId["type"]!.GetValue<string>());
        Assert.Null(clientId["defaultValue"]);
        foreach (var role in RoleNames.All)
        {
            Assert.Contains($"\"value\": \"{role.Name()}\"", JsonSerializer.Serialize(root["variables"], new JsonSerializerOptions { WriteIndented = true }), StringComparison.Ordinal);
        }
    }
}
