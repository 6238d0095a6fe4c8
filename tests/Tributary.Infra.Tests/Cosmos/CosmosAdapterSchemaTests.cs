using Tributary.Infra.Tests.Bicep;
using Tributary.Storage.Cosmos;

namespace Tributary.Infra.Tests.Cosmos;

/// <summary>The containers the Cosmos adapter creates locally are exactly those the Bicep deploys in Azure.</summary>
[Collection(InfraCollection.Name)]
public sealed class CosmosAdapterSchemaTests(InfraTemplates infra)
{
    [Fact]
    public void Adapter_schema_equals_what_bicep_deploys()
    {
        var adapter = CosmosSchema.Embedded;
        var asDefinition = new CosmosDefinition(adapter.Database, adapter.Containers.ToDictionary(c => c.Name, c => c.PartitionKey, StringComparer.Ordinal));

        Assert.NotEmpty(adapter.Containers);
        Assert.Empty(asDefinition.Differences(infra.Dev));
        Assert.Empty(asDefinition.Differences(infra.Prod));
    }

    [Fact]
    public void Adapter_embeds_the_same_definition_file_bicep_loads()
    {
        var adapter = CosmosSchema.Embedded;
        var file = CosmosDefinition.Load(Path.Combine(BicepCli.InfraDirectory, "cosmos-containers.json"));

        Assert.Equal(file.Database, adapter.Database);
        Assert.Equal(file.PartitionKeys.OrderBy(p => p.Key), adapter.Containers.Select(c => KeyValuePair.Create(c.Name, c.PartitionKey)).OrderBy(p => p.Key));
    }
}
