using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace Tributary.Storage.Cosmos;

/// <summary>One container of the schema: its name, partition-key path and why it is partitioned that way.</summary>
public sealed record CosmosContainerDefinition(string Name, string PartitionKey, string Purpose)
{
    /// <summary>The top-level document property that holds the partition key (the path without its leading slash).</summary>
    public string PartitionKeyProperty => PartitionKey.TrimStart('/');
}

/// <summary>
/// The database and containers of infra/cosmos-containers.json, read from the embedded copy of that file. The Bicep
/// reads the same file, so the adapter and the deployed account cannot drift apart.
/// </summary>
public sealed record CosmosSchema(string Database, IReadOnlyList<CosmosContainerDefinition> Containers)
{
    private const string ResourceName = "cosmos-containers.json";

    /// <summary>The schema embedded in this assembly.</summary>
    public static CosmosSchema Embedded { get; } = Load();

    /// <summary>The definition of a container; throws naming the known containers when it is not in the schema.</summary>
    public CosmosContainerDefinition Container(string name) =>
        Containers.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException(
            $"Unknown Cosmos container '{name}'. infra/cosmos-containers.json defines: {string.Join(", ", Containers.Select(c => c.Name))}.", nameof(name));

    /// <summary>
    /// Creates the database and every container when missing (idempotent; never changes an existing container).
    /// No throughput is set, so it works on serverless accounts and on accounts whose throughput the Bicep owns.
    /// </summary>
    public async Task<Database> EnsureCreatedAsync(CosmosClient client, string? databaseName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var database = (await client.CreateDatabaseIfNotExistsAsync(databaseName ?? Database, cancellationToken: cancellationToken)).Database;
        foreach (var container in Containers)
        {
            try
            {
                await database.CreateContainerIfNotExistsAsync(new ContainerProperties(container.Name, container.PartitionKey), cancellationToken: cancellationToken);
            }
            catch (ArgumentException mismatch)
            {
                // A container's partition key cannot change in place; say so rather than write to the wrong layout.
                throw new InvalidOperationException(
                    $"Cosmos container '{container.Name}' exists with another partition key than {container.PartitionKey}, which infra/cosmos-containers.json requires.",
                    mismatch);
            }
        }

        return database;
    }

    private static CosmosSchema Load()
    {
        using var stream = typeof(CosmosSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {typeof(CosmosSchema).Assembly.GetName().Name}.");
        var file = JsonSerializer.Deserialize<SchemaFile>(stream, CosmosJson.Options)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        if (string.IsNullOrWhiteSpace(file.Database) || file.Containers is not { Count: > 0 })
        {
            throw new InvalidOperationException($"{ResourceName} must name a database and at least one container.");
        }

        foreach (var container in file.Containers)
        {
            if (string.IsNullOrWhiteSpace(container.Name) || container.PartitionKey is not ['/', _, ..] || container.PartitionKey.IndexOf('/', 1) >= 0)
            {
                throw new InvalidOperationException(
                    $"{ResourceName}: container '{container.Name}' needs a name and a top-level partition key path like /runId (got '{container.PartitionKey}').");
            }
        }

        return new CosmosSchema(file.Database, file.Containers);
    }

    private sealed record SchemaFile(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("containers")] List<CosmosContainerDefinition> Containers);
}
