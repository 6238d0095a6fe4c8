using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Tributary.Storage.Cosmos;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class CosmosSchemaTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Created_containers_are_exactly_those_of_infra_cosmos_containers_json()
    {
        // Read the repository file itself, not the embedded copy, so a stale embed or a wrong parse both fail here.
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(EmulatorPackages.Locate().Root, "infra", "cosmos-containers.json")))!;
        var expected = file["containers"]!.AsArray()
            .Select(c => (Name: c!["name"]!.GetValue<string>(), PartitionKey: c["partitionKey"]!.GetValue<string>()))
            .OrderBy(c => c.Name)
            .ToList();

        var database = await fixture.NewDatabaseAsync("schema");
        var actual = new List<(string Name, string PartitionKey)>();
        using var iterator = database.GetContainerQueryIterator<ContainerProperties>();
        while (iterator.HasMoreResults)
        {
            actual.AddRange((await iterator.ReadNextAsync()).Select(c => (c.Id, c.PartitionKeyPath)));
        }

        Assert.Equal(file["database"]!.GetValue<string>(), CosmosSchema.Embedded.Database);
        Assert.Equal(expected, actual.OrderBy(c => c.Name));
        // Run state lives in the Durable backend: Cosmos holds results only.
        Assert.DoesNotContain(actual, c => c.Name is "instances" or "history");
    }

    [Fact]
    public async Task Ensure_created_is_idempotent()
    {
        var database = await fixture.NewDatabaseAsync("twice");
        await database.GetContainer("gen-runs").CreateItemAsync(new { id = "m", runId = "r1" }, new PartitionKey("r1"));

        await CosmosSchema.Embedded.EnsureCreatedAsync(fixture.Cosmos, database.Id);

        using var kept = await database.GetContainer("gen-runs").ReadItemStreamAsync("m", new PartitionKey("r1"));
        Assert.True(kept.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_container_with_a_different_partition_key_is_reported_not_used()
    {
        var database = (await fixture.Cosmos.CreateDatabaseAsync("drift")).Database;
        await database.CreateContainerAsync("recon-breaks", "/status");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CosmosSchema.Embedded.EnsureCreatedAsync(fixture.Cosmos, database.Id));

        Assert.Contains("recon-breaks", error.Message);
        Assert.Contains("/runId", error.Message);
    }

    [Fact]
    public void Unknown_containers_are_named_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => CosmosSchema.Embedded.Container("breaks"));

        Assert.Contains("recon-breaks", error.Message);
        Assert.Equal("runId", CosmosSchema.Embedded.Container("recon-breaks").PartitionKeyProperty);
    }

    [Fact]
    public async Task Connect_creates_the_schema_in_the_configured_database_and_serves_the_document_store()
    {
        using var storage = await CosmosStorage.ConnectAsync(fixture.Emulators.CosmosSettings with { Database = "connected" });

        await storage.Documents.UpsertAsync("gen-runs", "r1", "m", new { id = "m", runId = "r1" }, CancellationToken.None);

        Assert.Equal("connected", storage.Database.Id);
        using var stored = await fixture.Cosmos.GetContainer("connected", "gen-runs").ReadItemStreamAsync("m", new PartitionKey("r1"));
        Assert.True(stored.IsSuccessStatusCode);
    }
}
