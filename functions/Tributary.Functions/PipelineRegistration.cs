using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Blobs;
using Tributary.Storage.Cosmos;
using Tributary.Storage.Queues;
using Tributary.Storage.StorageAccount;

namespace Tributary.Functions;

/// <summary>
/// Wires core's ports to the Azure adapters, configured by the app settings the Bicep writes: AzureWebJobsStorage__*
/// (blobs and the run-event queue, through the identity), Cosmos__accountEndpoint/clientId/database.
/// </summary>
public static class PipelineRegistration
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageSettings.FromConfiguration(key => configuration[key]);
        var cosmos = CosmosSettings.FromConfiguration(key => configuration[key]);

        services.AddSingleton<IBlobStore>(_ => new AzureBlobStore(storage.CreateBlobServiceClient()));
        // Run events go to the host storage queue as in the self-hosted runtime; RunEventsToServiceBus forwards each to
        // the Service Bus topic through the output binding (an outbox: finalize never waits on Service Bus).
        services.AddSingleton<IRunEventPublisher>(_ => new StorageQueueRunEventPublisher(storage.CreateQueueClient(StorageQueueRunEventPublisher.QueueName)));
        // The Bicep creates database and containers; ConnectAsync only reads their metadata there (RBAC data role).
        services.AddSingleton(_ => CosmosStorage.ConnectAsync(cosmos).GetAwaiter().GetResult());
        services.AddSingleton(sp => sp.GetRequiredService<CosmosStorage>().Documents);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PipelineServices(
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<IRunEventPublisher>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReadOnlyDictionary<string, IWorkload>>(sp =>
            WorkloadCatalog.Create(sp.GetRequiredService<PipelineServices>()).ToDictionary(w => w.Kind, StringComparer.Ordinal));
        services.AddSingleton(sp =>
        {
            var pipeline = sp.GetRequiredService<PipelineServices>();
            var registry = new DurableRegistry();
            foreach (var workload in sp.GetRequiredService<IReadOnlyDictionary<string, IWorkload>>().Values)
            {
                registry.AddWorkload(workload, pipeline);
            }

            return registry;
        });
        return services;
    }
}
