using Microsoft.Extensions.Configuration;
using Tributary.Storage.Blobs;
using Tributary.Storage.Cosmos;
using Tributary.Storage.Emulators;
using Tributary.Storage.Queues;
using Tributary.Storage.StorageAccount;

namespace Tributary.Host.Serve;

/// <summary>Chooses the backend of a host: memory, the configured Azure resources, or local emulators started for it.</summary>
public static class BackendFactory
{
    /// <summary>
    /// In-memory when asked. Otherwise the Storage and Cosmos settings of the configuration (connection strings or Entra ID
    /// account names); when neither is configured, Azurite and the local Cosmos server are started and stopped with the backend.
    /// </summary>
    public static async Task<PipelineBackend> CreateAsync(IConfiguration configuration, bool inMemory, TextWriter log, CancellationToken cancellationToken)
    {
        if (inMemory)
        {
            return PipelineBackend.InMemory();
        }

        var storage = StorageSettings.FromConfiguration(key => configuration[key]);
        var cosmos = CosmosSettings.FromConfiguration(key => configuration[key]);
        var storageConfigured = storage.ConnectionString is not null || storage.AccountName is not null;
        var cosmosConfigured = cosmos.ConnectionString is not null || cosmos.AccountEndpoint is not null;
        if (storageConfigured && cosmosConfigured)
        {
            return await ConnectAsync(storage, cosmos, "configured Azure Storage and Cosmos DB", null, cancellationToken).ConfigureAwait(false);
        }

        if (storageConfigured != cosmosConfigured)
        {
            throw new InvalidOperationException(
                $"configure both storage ({StorageSettings.ConnectionStringKey} or {StorageSettings.AccountNameKey}) and Cosmos " +
                $"({CosmosSettings.ConnectionStringKey} or {CosmosSettings.AccountEndpointKey}), or neither to use local emulators");
        }

        log.WriteLine("No Storage/Cosmos configured: starting Azurite and the local Cosmos server (stopped on exit)...");
        var emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Log = log }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "local emulators (Azurite, Cosmos server)", emulators, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await emulators.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects the adapters; <paramref name="owned"/> (emulators) is stopped when the backend is disposed.</summary>
    public static async Task<PipelineBackend> ConnectAsync(
        StorageSettings storage, CosmosSettings cosmos, string description, IAsyncDisposable? owned, CancellationToken cancellationToken)
    {
        var cosmosStorage = await CosmosStorage.ConnectAsync(cosmos, cancellationToken).ConfigureAwait(false);
        var blobService = storage.CreateBlobServiceClient();
        var queue = storage.CreateQueueClient(StorageQueueRunEventPublisher.QueueName);
        var checks = new List<DependencyCheck>
        {
            new("cosmos", cosmos.Endpoint.ToString(), async cancel => await cosmosStorage.Database.ReadAsync(cancellationToken: cancel).ConfigureAwait(false)),
            new("blobs", blobService.Uri.ToString(), async cancel => await blobService.GetPropertiesAsync(cancel).ConfigureAwait(false)),
            new("queue", queue.Uri.ToString(), async cancel => await queue.ExistsAsync(cancel).ConfigureAwait(false)),
        };
        return new PipelineBackend(
            description,
            storage,
            new AzureBlobStore(blobService),
            cosmosStorage.Documents,
            new StorageQueueRunEventPublisher(queue),
            checks,
            async () =>
            {
                cosmosStorage.Dispose();
                if (owned is not null)
                {
                    await owned.DisposeAsync().ConfigureAwait(false);
                }
            });
    }
}
