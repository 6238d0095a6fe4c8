using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tributary.Host.Serve;

/// <summary>Prepares the containers and starts the Durable worker before the API takes requests; stops it when the host stops.</summary>
internal sealed class EngineService(PipelineRuntime runtime, ILoggerFactory loggerFactory, ILogger<EngineService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.Services.Blobs.EnsureContainerAsync("quarantine", cancellationToken).ConfigureAwait(false);
        foreach (var drop in runtime.Workloads.Values.Select(w => w.Drop).OfType<Pipeline.Workloads.DropConvention>())
        {
            await runtime.Services.Blobs.EnsureContainerAsync(drop.Container, cancellationToken).ConfigureAwait(false);
        }

        await runtime.StartAsync(runtime.Settings.DurableLogs ? loggerFactory : null).ConfigureAwait(false);
        logger.LogInformation("Pipeline on {Backend}, {TaskHub}; workloads {Workloads}; unfinished runs continue",
            runtime.Backend.Description, runtime.TaskHubDescription, string.Join(", ", runtime.Workloads.Keys));
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await runtime.DisposeAsync().ConfigureAwait(false);
}
