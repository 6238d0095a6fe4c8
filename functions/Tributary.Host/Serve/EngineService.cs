using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>
/// Prepares the containers and starts the Durable worker before the API takes requests; stops the worker when the host
/// stops. The backend is not this service's to close: the container disposes the runtime, and the runtime the backend.
/// </summary>
internal sealed class EngineService(
    PipelineRuntime runtime, HostSettings settings, IReadOnlyDictionary<string, IWorkload> workloads, ILoggerFactory loggerFactory, ILogger<EngineService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.Services.Blobs.EnsureContainerAsync("quarantine", cancellationToken).ConfigureAwait(false);
        foreach (var drop in workloads.Values.Select(w => w.Drop).OfType<DropConvention>())
        {
            await runtime.Services.Blobs.EnsureContainerAsync(drop.Container, cancellationToken).ConfigureAwait(false);
        }

        await runtime.StartAsync(settings.DurableLogs ? loggerFactory : null).ConfigureAwait(false);
        logger.LogInformation("Pipeline on {Backend}, {TaskHub}; workloads {Workloads}; unfinished runs continue",
            runtime.Backend.Description, runtime.TaskHubDescription, string.Join(", ", workloads.Keys));
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync();
}
