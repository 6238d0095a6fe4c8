using Microsoft.Extensions.Configuration;
using Tributary.Storage.Blobs;
using Tributary.Storage.Cosmos;
using Tributary.Local.Emulators;
using Tributary.Storage.Queues;
using Tributary.Storage.StorageAccount;

namespace Tributary.Host.Serve;

/// <summary>Chooses the backend of a host: memory, the configured Azure resources, or local emulators started for it.</summary>
public static class BackendFactory
{
    /// <summary>
    /// With <paramref name="inMemory"/>, the local emulators with nothing on disk (Azurite's in-memory persistence, the
    /// Cosmos server without its journal): the same engine as every other mode, so `--in-memory` tests what ships. Otherwise the Storage and Cosmos settings of the configuration (connection strings or Entra ID
    /// account names); when neither is configured, Azurite and the local Cosmos server are started and stopped with the backend,
    /// with <paramref name="emulators"/> (default: in memory, random ports) deciding where they keep their data.
    /// </summary>
    public static async Task<PipelineBackend> CreateAsync(
        IConfiguration configuration, bool inMemory, TextWriter log, CancellationToken cancellationToken, LocalEmulatorOptions? emulators = null)
    {
        if (inMemory)
        {
            log.WriteLine("--in-memory: starting Azurite and the local Cosmos server with nothing on disk (stopped on exit)...");
            var volatileEmulators = (emulators ?? new LocalEmulatorOptions()) with
            {
                StorageInMemory = true,
                CosmosInMemory = true,
                DataDirectory = null,
                EndpointsFile = null,
                Log = log,
            };
            return await StartAndConnectAsync(volatileEmulators, "local emulators in memory (nothing persists)", cancellationToken).ConfigureAwait(false);
        }

        var (storage, cosmos, storageConfigured, cosmosConfigured) = Configured(configuration);
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
        return await StartAndConnectAsync((emulators ?? new LocalEmulatorOptions()) with { Log = log }, "local emulators (Azurite, Cosmos server)", cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<PipelineBackend> StartAndConnectAsync(LocalEmulatorOptions options, string description, CancellationToken cancellationToken)
    {
        var started = await LocalEmulators.StartAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ConnectAsync(started.StorageSettings, started.CosmosSettings, description, started, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when <see cref="CreateAsync"/> (not in memory) starts the local emulators: neither storage nor Cosmos is configured.</summary>
    public static bool StartsLocalEmulators(IConfiguration configuration)
    {
        var (_, _, storageConfigured, cosmosConfigured) = Configured(configuration);
        return !storageConfigured && !cosmosConfigured;
    }

    private static (StorageSettings Storage, CosmosSettings Cosmos, bool StorageConfigured, bool CosmosConfigured) Configured(IConfiguration configuration)
    {
        var storage = StorageSettings.FromConfiguration(key => configuration[key]);
        var cosmos = CosmosSettings.FromConfiguration(key => configuration[key]);
        return (storage, cosmos, storage.ConnectionString is not null || storage.AccountName is not null, cosmos.ConnectionString is not null || cosmos.AccountEndpoint is not null);
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
            new StorageOverload(new AzureBlobStore(blobService)),
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
