using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tributary.Infra.Tests.Bicep;
using Tributary.Infra.Tests.Cosmos;

namespace Tributary.Infra.Tests.Arm;

/// <summary>
/// Cross-checks this project's template expansion against Microsoft's own: `bicep snapshot` runs the Resource Manager
/// template engine locally and predicts the resources a deployment creates. Both must agree on what the assertions use.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class DeploymentSnapshotTests(InfraTemplates infra)
{
    [Fact]
    public void Bicep_snapshot_predicts_the_same_cosmos_containers_and_roles_as_the_expansion()
    {
        // snapshot writes main.dev.snapshot.json beside the parameter file, so it runs on a copy of infra/.
        var copy = Directory.CreateTempSubdirectory("tributary-snapshot-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(BicepCli.InfraDirectory, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(BicepCli.InfraDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var result = BicepCli.Run("snapshot", Path.Combine(copy, "main.dev.bicepparam"));
            Assert.True(result.ExitCode == 0, result.ToString());
            var predicted = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "main.dev.snapshot.json")))!["predictedResources"]!.AsArray()
                .Select(r => r!.AsObject()).ToList();

            var snapshotContainers = predicted
                .Where(r => r["type"]!.GetValue<string>() == AzureTypes.CosmosContainer)
                .ToDictionary(
                    r => r["properties"]!["resource"]!["id"]!.GetValue<string>(),
                    r => Assert.Single(r["properties"]!["resource"]!["partitionKey"]!["paths"]!.AsArray())!.GetValue<string>());
            var expanded = infra.Dev.OfType(AzureTypes.CosmosContainer)
                .ToDictionary(c => c.ShortName, c => c.Properties["resource"]!["partitionKey"]!["paths"]![0]!.GetValue<string>());
            Assert.Equal(expanded.OrderBy(p => p.Key), snapshotContainers.OrderBy(p => p.Key));
            Assert.Equal(CosmosDefinition.Load(Path.Combine(BicepCli.InfraDirectory, "cosmos-containers.json")).PartitionKeys.OrderBy(p => p.Key),
                snapshotContainers.OrderBy(p => p.Key));

            var snapshotRoles = predicted
                .Where(r => r["type"]!.GetValue<string>() == AzureTypes.RoleAssignment)
                .Select(r => RoleGuid().Match(r["properties"]!["roleDefinitionId"]!.GetValue<string>()).Value)
                .Order();
            Assert.Equal(infra.Dev.OfType(AzureTypes.RoleAssignment).Select(a => a.RoleId()).Order(), snapshotRoles);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleGuid();
}
