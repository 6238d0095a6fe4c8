using System.Text.Json.Nodes;
using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Cosmos;

/// <summary>The Cosmos containers and partition keys Bicep deploys are exactly those of infra/cosmos-containers.json.</summary>
[Collection(InfraCollection.Name)]
public sealed class CosmosContainerTests(InfraTemplates infra)
{
    private static readonly string DefinitionPath = Path.Combine(BicepCli.InfraDirectory, "cosmos-containers.json");

    [Fact]
    public void Deployed_containers_and_partition_keys_match_the_shared_definition()
    {
        var definition = CosmosDefinition.Load(DefinitionPath);

        Assert.NotEmpty(definition.PartitionKeys);
        Assert.Empty(definition.Differences(infra.Dev));
        Assert.Empty(definition.Differences(infra.Prod));
    }

    [Fact]
    public void A_partition_key_changed_in_bicep_alone_is_reported()
    {
        // Copy infra/ and make the Cosmos module hard-code one partition key instead of reading the definition.
        var copy = CopyInfra();
        try
        {
            var module = Path.Combine(copy, "modules", "cosmos.bicep");
            var source = File.ReadAllText(module);
            Assert.Contains("container.partitionKey\n", source, StringComparison.Ordinal);
            File.WriteAllText(module, source.Replace("container.partitionKey\n",
                "container.name == 'recon-breaks' ? '/breakId' : container.partitionKey\n", StringComparison.Ordinal));

            var template = Compile(copy);

            var differences = CosmosDefinition.Load(DefinitionPath).Differences(template);
            Assert.Equal(["container recon-breaks: partition key /breakId, expected /runId"], differences);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_container_missing_from_the_definition_or_the_template_is_reported()
    {
        var definition = CosmosDefinition.Load(DefinitionPath);
        var extra = new Dictionary<string, string>(definition.PartitionKeys) { ["leases"] = "/id" };
        var fewer = definition.PartitionKeys.Skip(1).ToDictionary();

        Assert.Equal(["container leases (/id) is not deployed"], (definition with { PartitionKeys = extra }).Differences(infra.Dev));
        Assert.Equal([$"container {definition.PartitionKeys.Keys.First()} is not in the definition"],
            (definition with { PartitionKeys = fewer }).Differences(infra.Dev));
        Assert.Equal(["databases [tributary], expected [other]"], (definition with { Database = "other" }).Differences(infra.Dev)
            .Where(d => d.StartsWith("databases", StringComparison.Ordinal)));
    }

    [Fact]
    public void Serverless_in_dev_and_autoscale_throughput_in_prod()
    {
        Assert.Contains("EnableServerless", Capabilities(infra.Dev));
        Assert.DoesNotContain("EnableServerless", Capabilities(infra.Prod));
        var options = infra.Prod.Single(AzureTypes.CosmosDatabase).Properties["options"]!;
        Assert.Equal(infra.ProdParameters["cosmosAutoscaleMaxThroughput"]!.GetValue<int>(),
            options["autoscaleSettings"]!["maxThroughput"]!.GetValue<int>());
    }

    private static IEnumerable<string> Capabilities(CompiledTemplate template) =>
        template.Single(AzureTypes.CosmosAccount).Properties["capabilities"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());

    private static CompiledTemplate Compile(string infraDirectory)
    {
        var result = BicepCli.Run("build", Path.Combine(infraDirectory, "main.bicep"), "--stdout");
        Assert.True(result.ExitCode == 0, result.ToString());
        return CompiledTemplate.Expand(JsonNode.Parse(result.StandardOutput)!.AsObject(), new Dictionary<string, JsonNode?>
        {
            ["environmentName"] = "dev",
            ["entraClientId"] = InfraTemplates.SampleEntraClientId,
        });
    }

    private static string CopyInfra()
    {
        var target = Directory.CreateTempSubdirectory("tributary-infra-").FullName;
        foreach (var file in Directory.EnumerateFiles(BicepCli.InfraDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(BicepCli.InfraDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
