using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Functions.Events;
using Tributary.Functions.Runs;
using Tributary.Functions.Timers;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Blobs;
using Tributary.Storage.Cosmos;
using Tributary.Storage.Queues;
using Tributary.Storage.StorageAccount;

namespace Tributary.Functions;

/// <summary>
/// Wires core's ports to the Azure adapters, configured by the app settings the Bicep writes: AzureWebJobsStorage__*
/// (blobs, through the identity), Cosmos__accountEndpoint/clientId/database, ServiceBus__fullyQualifiedNamespace/clientId
/// and RunEventsTopic (run events).
/// </summary>
public static class PipelineRegistration
{
    /// <summary>The Service Bus namespace setting (identity-based, as the Bicep writes it).</summary>
    public const string ServiceBusNamespaceKey = "ServiceBus:fullyQualifiedNamespace";

    /// <summary>The user-assigned identity's client id for Service Bus.</summary>
    public const string ServiceBusClientIdKey = "ServiceBus:clientId";

    /// <summary>The topic run events go to.</summary>
    public const string RunEventsTopicKey = "RunEventsTopic";

    /// <summary>The Azure adapters for core's ports, then core's <see cref="PipelineServiceCollection.AddTributaryPipeline(IServiceCollection, Func{string, string?})"/>.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageSettings.FromConfiguration(key => configuration[key]);
        var cosmos = CosmosSettings.FromConfiguration(key => configuration[key]);

        services.AddSingleton<IBlobStore>(_ => new AzureBlobStore(storage.CreateBlobServiceClient()));
        services.AddSingleton<IRunEventPublisher>(_ => RunEvents(configuration, storage));
        // The Bicep creates database and containers; ConnectAsync only reads their metadata there (RBAC data role).
        services.AddSingleton(_ => CosmosStorage.ConnectAsync(cosmos).GetAwaiter().GetResult());
        services.AddSingleton(sp => sp.GetRequiredService<CosmosStorage>().Documents);
        services.AddSingleton(ScheduleSettings.From(configuration));
        // Core's composition root: options (validated now, naming each bad key), ports, workloads and their tasks.
        services.AddTributaryPipeline(key => configuration[key]);
        services.AddSingleton(sp => new RunServices(sp.GetRequiredService<IReadOnlyDictionary<string, IWorkload>>(), sp.GetRequiredService<PipelineServices>()));
        services.AddSingleton<Api.FunctionsApi>();
        // tributary_runs_active: counted by the CountActiveRuns timer (Telemetry/ActiveRunsTimer), reported by the gauge.
        services.AddSingleton(sp => new Tributary.Pipeline.Telemetry.ActiveRunCounter(sp.GetRequiredService<IReadOnlyDictionary<string, IWorkload>>().Keys));
        services.AddHostedService<Telemetry.ActiveRunsGauge>();
        return services;
    }

    // In Azure the Bicep always names a namespace. Without one (a local `func start` with no Service Bus) events go to the
    // storage queue `pipeline-events` instead, so runs still finish and their events can be read in Azurite.
    private static IRunEventPublisher RunEvents(IConfiguration configuration, StorageSettings storage)
    {
        if (configuration[ServiceBusNamespaceKey] is not { Length: > 0 } ns || ns.Contains('<', StringComparison.Ordinal))
        {
            return new StorageQueueRunEventPublisher(storage.CreateQueueClient(StorageQueueRunEventPublisher.QueueName));
        }

        var topic = configuration[RunEventsTopicKey] ?? throw new InvalidOperationException($"{RunEventsTopicKey} is not set but {ServiceBusNamespaceKey} is");
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[ServiceBusClientIdKey] });
        return new ServiceBusRunEventPublisher(new ServiceBusClient(ns, credential).CreateSender(topic));
    }
}
