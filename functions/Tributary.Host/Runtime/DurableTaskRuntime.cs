using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Storage.StorageAccount;

namespace Tributary.Host.Runtime;

/// <summary>
/// The self-hosted Durable runtime: DurableTask.Core's <see cref="TaskHubWorker"/> running core's orchestrator and activity
/// classes through the SDK's shims, over the Azure Storage provider (Azurite or a real account), the backend Durable
/// Functions uses by default. Several processes on one storage account and task hub share the work through the
/// provider's partition leases.
/// </summary>
public sealed class DurableTaskRuntime : IAsyncDisposable
{
    // One converter for the client and the shims, so what the client writes is what the orchestrators read.
    private static readonly JsonDataConverter Converter = new(DurableJson.Options);

    private readonly TaskHubWorker _worker;
    private bool _stopped;

    private DurableTaskRuntime(IOrchestrationService service, TaskHubWorker worker, string description)
    {
        Service = service;
        _worker = worker;
        Description = description;
        var converter = new SdkDataConverter(Converter);
        Client = new TaskHubRunClient(new TaskHubClient((IOrchestrationServiceClient)service, converter), service);
    }

    /// <summary>The run client over this task hub.</summary>
    public TaskHubRunClient Client { get; }

    /// <summary>The orchestration service (the Azure Storage provider; tests may pass another).</summary>
    public IOrchestrationService Service { get; }

    /// <summary>Where run state lives, for logs and the health page.</summary>
    public string Description { get; }

    /// <summary>The Azure Storage provider's settings for this storage and these settings.</summary>
    public static AzureStorageOrchestrationServiceSettings AzureStorageSettings(StorageSettings storage, TaskHubSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(settings);
        var provider = storage.ConnectionString is { } connection
            ? new StorageAccountClientProvider(connection)
            : new StorageAccountClientProvider(storage.AccountName!, storage.CreateCredential());
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = provider,
            TaskHubName = settings.TaskHubName,
            PartitionCount = settings.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = settings.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = settings.WorkItemVisibilityTimeout,
            ExtendedSessionsEnabled = settings.ExtendedSessions,
            WorkerId = settings.WorkerId ?? Environment.MachineName,
            // A duplicate start must be reported, not dropped while a fresh execution id is handed back (durable-runtime.md).
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    /// <summary>Starts the runtime on the Azure Storage provider; creates the task hub's queues, tables and containers if needed.</summary>
    public static Task<DurableTaskRuntime> StartOnStorageAsync(
        StorageSettings storage, TaskHubSettings settings, WorkloadTasks tasks, ILoggerFactory? loggerFactory = null)
    {
        var service = new AzureStorageOrchestrationService(AzureStorageSettings(storage, settings, loggerFactory));
        return StartAsync(service, tasks, $"task hub '{settings.TaskHubName}' on Azure Storage ({settings.PartitionCount} partitions)", loggerFactory);
    }

    /// <summary>
    /// Starts the runtime on any orchestration service. The product always passes the Azure Storage provider
    /// (<see cref="StartOnStorageAsync"/>); tests and benchmarks pass the test host's in-memory service, which ships in a
    /// preview test package and so stays out of this project.
    /// </summary>
    public static async Task<DurableTaskRuntime> StartAsync(IOrchestrationService service, WorkloadTasks tasks, string description, ILoggerFactory? loggerFactory)
    {
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, logs);
        var worker = new TaskHubWorker(service, logs)
        {
            // As the SDK itself does: failures travel as FailureDetails, which TaskFailureDetails.IsCausedBy reads.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddTaskOrchestrations(tasks.Orchestrators.Select(o => ShimCreators.Orchestration(shims, o.Key, o.Value)).ToArray());
        worker.AddTaskActivities(tasks.Activities.Select(a => ShimCreators.Activity(shims, a.Key, a.Value)).ToArray());
        await worker.StartAsync().ConfigureAwait(false);
        return new DurableTaskRuntime(service, worker, description);
    }

    /// <summary>Stops taking work; unfinished runs stay in the task hub and continue when a worker starts again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _worker.StopAsync(isForced: true).ConfigureAwait(false);
        _worker.Dispose();
    }
}
