using Microsoft.Azure.Cosmos;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// The entry point for hosts: results only (run state lives in the Durable backend). One <see cref="CosmosClient"/>, the schema ensured, and the stores built on it.
/// Hold one per process (the client pools connections) and dispose it on shutdown.
/// </summary>
public sealed class CosmosStorage : IDisposable
{
    private CosmosStorage(CosmosClient client, Database database)
    {
        Client = client;
        Database = database;
        Documents = new CosmosOverload(new CosmosDocumentStore(database));
    }

    /// <summary>The underlying client (for health checks).</summary>
    public CosmosClient Client { get; }

    /// <summary>The database holding every container of <see cref="CosmosSchema.Embedded"/>.</summary>
    public Database Database { get; }

    /// <summary>Result documents in the schema's containers.</summary>
    public IDocumentStore Documents { get; }

    /// <summary>Connects, creates the database and containers when missing, and returns the stores.</summary>
    public static async Task<CosmosStorage> ConnectAsync(CosmosSettings settings, CancellationToken cancellationToken = default)
    {
        var client = CosmosClientFactory.Create(settings);
        try
        {
            var database = await CosmosSchema.Embedded.EnsureCreatedAsync(client, settings.Database, cancellationToken);
            return new CosmosStorage(client, database);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
