using System.Text.Json.Nodes;
using Tributary.Infra.Tests.Arm;

namespace Tributary.Infra.Tests.Cosmos;

/// <summary>infra/cosmos-containers.json: the one definition of the database, its containers and partition keys.</summary>
public sealed record CosmosDefinition(string Database, IReadOnlyDictionary<string, string> PartitionKeys)
{
    public static CosmosDefinition Load(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var containers = json["containers"]!.AsArray()
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["partitionKey"]!.GetValue<string>(), StringComparer.Ordinal);
        return new CosmosDefinition(json["database"]!.GetValue<string>(), containers);
    }

    /// <summary>Every way the deployed Cosmos resources differ from this definition; empty when they match.</summary>
    public IReadOnlyList<string> Differences(CompiledTemplate template)
    {
        var differences = new List<string>();
        var databases = template.OfType(AzureTypes.CosmosDatabase).Select(d => d.ShortName).ToList();
        if (databases.Count != 1 || databases[0] != Database)
            differences.Add($"databases [{string.Join(", ", databases)}], expected [{Database}]");

        var deployed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in template.OfType(AzureTypes.CosmosContainer))
        {
            var resource = container.Properties["resource"]!;
            var paths = resource["partitionKey"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            if (resource["id"]!.GetValue<string>() != container.ShortName)
                differences.Add($"container {container.Name}: resource id {resource["id"]} differs from its name");
            if (paths.Count != 1) differences.Add($"container {container.ShortName}: {paths.Count} partition key paths");
            if (!container.Name.EndsWith($"/{Database}/{container.ShortName}", StringComparison.Ordinal))
                differences.Add($"container {container.Name} is not in database {Database}");
            deployed[container.ShortName] = string.Join(",", paths);
        }
        foreach (var (name, key) in PartitionKeys)
        {
            if (!deployed.TryGetValue(name, out var actual)) differences.Add($"container {name} ({key}) is not deployed");
            else if (actual != key) differences.Add($"container {name}: partition key {actual}, expected {key}");
        }
        differences.AddRange(deployed.Keys.Except(PartitionKeys.Keys).Select(name => $"container {name} is not in the definition"));
        return differences;
    }
}
