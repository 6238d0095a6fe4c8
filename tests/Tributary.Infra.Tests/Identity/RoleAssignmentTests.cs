using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;
using static Tributary.Infra.Tests.Arm.AzureTypes.Roles;

namespace Tributary.Infra.Tests.Identity;

/// <summary>
/// Every identity-based connection in the app settings has the role it needs, granted to the app's identity on the
/// resource the setting names, and the identity gets nothing else.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class RoleAssignmentTests(InfraTemplates infra)
{
    public static TheoryData<string> Environments => ["dev", "prod", "dev+webhook"];

    [Theory]
    [MemberData(nameof(Environments))]
    public void Role_assignments_are_exactly_those_the_app_settings_imply(string environment)
    {
        var template = infra.All.Single(t => t.Environment == environment).Template;
        var implied = ImpliedRoles(template);
        var granted = template.OfType(AzureTypes.RoleAssignment)
            .Select(a => (Scope: a.Scope!, Role: a.RoleId()))
            .ToHashSet();

        // Storage (blob, queue, table), Service Bus sender, metrics publisher: a setting dropped from the app would
        // shrink this and leave an orphaned grant.
        Assert.Equal(5, implied.Count);
        Assert.Subset(granted, implied);
        Assert.Superset(granted, implied);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_rbac_assignment_is_for_the_apps_identity_as_a_service_principal(string environment)
    {
        var template = infra.All.Single(t => t.Environment == environment).Template;
        var identityId = template.AppIdentityId();

        Assert.All(template.OfType(AzureTypes.RoleAssignment), a =>
        {
            var principal = a.Properties["principalId"]!.GetValue<string>();
            Assert.StartsWith($"«reference('{identityId}'", principal, StringComparison.Ordinal);
            Assert.EndsWith(".principalId»", principal, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", a.Properties["principalType"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Cosmos_data_contributor_is_granted_on_the_database_the_app_uses()
    {
        var template = infra.Dev;
        var settings = template.AppSettings();
        var account = template.Single(AzureTypes.CosmosAccount);
        Assert.Contains($"/databaseAccounts/{account.Name}'", settings["Cosmos__accountEndpoint"], StringComparison.Ordinal);
        Assert.EndsWith(".documentEndpoint»", settings["Cosmos__accountEndpoint"], StringComparison.Ordinal);
        var database = template.Single(AzureTypes.CosmosDatabase);
        Assert.Equal(database.ShortName, settings["Cosmos__database"]);

        var assignment = template.Single(AzureTypes.CosmosSqlRoleAssignment);

        Assert.Equal($"{ResourceId(AzureTypes.CosmosAccount, account.Name)}/sqlRoleDefinitions/{CosmosBuiltInDataContributor}",
            assignment.Properties["roleDefinitionId"]!.GetValue<string>());
        Assert.Equal(ResourceId(AzureTypes.CosmosDatabase, database.Name), assignment.Properties["scope"]!.GetValue<string>());
        Assert.StartsWith($"«reference('{template.AppIdentityId()}'", assignment.Properties["principalId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(".principalId»", assignment.Properties["principalId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // What each identity-based setting needs (Functions' identity connection conventions):
    //   <conn>__accountName               -> the Storage account: host storage and the Durable Task hub use blobs,
    //                                        queues and tables, so Blob Data Owner + Queue + Table Data Contributor.
    //   <conn>__fullyQualifiedNamespace   -> Service Bus: the output binding only sends, to the run-events topic.
    //   APPLICATIONINSIGHTS_AUTHENTICATION_STRING -> Monitoring Metrics Publisher on the component.
    // (Cosmos uses its own data-plane RBAC, checked separately above.)
    private static HashSet<(string Scope, string Role)> ImpliedRoles(CompiledTemplate template)
    {
        var settings = template.AppSettings();
        var implied = new HashSet<(string, string)>();
        foreach (var (name, value) in settings)
        {
            if (name.EndsWith("__accountName", StringComparison.Ordinal))
            {
                var account = template.OfType(AzureTypes.StorageAccount).Single(a => value == a.Name);
                var scope = ResourceId(AzureTypes.StorageAccount, account.Name);
                implied.Add((scope, StorageBlobDataOwner));
                implied.Add((scope, StorageQueueDataContributor));
                implied.Add((scope, StorageTableDataContributor));
            }
            else if (name.EndsWith("__fullyQualifiedNamespace", StringComparison.Ordinal))
            {
                var ns = template.OfType(AzureTypes.ServiceBusNamespace).Single(n => value.Contains($"/namespaces/{n.Name}'", StringComparison.Ordinal));
                var topic = template.OfType(AzureTypes.ServiceBusTopic).Single(t => t.ShortName == settings["RunEventsTopic"]);
                Assert.StartsWith($"{ns.Name}/", topic.Name, StringComparison.Ordinal);
                implied.Add((ResourceId(AzureTypes.ServiceBusTopic, ns.Name, topic.ShortName), ServiceBusDataSender));
            }
            else if (name == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING")
            {
                var component = template.Single(AzureTypes.AppInsights);
                Assert.Contains($"/components/{component.Name}'", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
                implied.Add((ResourceId(AzureTypes.AppInsights, component.Name), MonitoringMetricsPublisher));
            }
        }
        return implied;
    }

    private static string ResourceId(string type, params string[] names)
    {
        var segments = type.Split('/');
        var path = $"/subscriptions/«subscriptionId»/resourceGroups/«resourceGroup»/providers/{segments[0]}";
        var nameParts = names.Length == 1 && segments.Length > 2 ? names[0].Split('/') : names;
        for (var i = 0; i < nameParts.Length; i++) path += $"/{segments[i + 1]}/{nameParts[i]}";
        return path;
    }
}
