using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>Resource types and built-in role ids the assertions talk about, and the Function App's settings.</summary>
public static class AzureTypes
{
    public const string Site = "Microsoft.Web/sites";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string CosmosAccount = "Microsoft.DocumentDB/databaseAccounts";
    public const string CosmosDatabase = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases";
    public const string CosmosContainer = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    public const string CosmosSqlRoleAssignment = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";
    public const string ServiceBusNamespace = "Microsoft.ServiceBus/namespaces";
    public const string ServiceBusTopic = "Microsoft.ServiceBus/namespaces/topics";
    public const string AppInsights = "Microsoft.Insights/components";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string EventSubscription = "Microsoft.EventGrid/systemTopics/eventSubscriptions";
    public const string SystemTopic = "Microsoft.EventGrid/systemTopics";

    /// <summary>Built-in Azure RBAC role definition ids (the same in every tenant).</summary>
    public static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        public const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";
    }

    /// <summary>The Function App's app settings as name → evaluated value.</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this CompiledTemplate template) =>
        template.Single(Site).Properties["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>The resource id of the identity the Function App runs as (its only user-assigned identity).</summary>
    public static string AppIdentityId(this CompiledTemplate template)
    {
        var identity = template.Single(Site).Body["identity"]!;
        Assert.Equal("UserAssigned", identity["type"]!.GetValue<string>());
        return Assert.Single(identity["userAssignedIdentities"]!.AsObject()).Key;
    }

    /// <summary>The role definition id (last path segment) of an RBAC role assignment.</summary>
    public static string RoleId(this DeployedResource assignment) =>
        assignment.Properties["roleDefinitionId"]!.GetValue<string>().Split('/')[^1];

    /// <summary>Every string anywhere in a JSON value.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
