using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tributary.Host.Serve;

/// <summary>Prepares the containers and resumes unfinished runs when the host starts; stops the engine when it stops.</summary>
internal sealed class EngineService(PipelineRuntime runtime, ILogger<EngineService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.Services.Blobs.EnsureContainerAsync("quarantine", cancellationToken).ConfigureAwait(false);
        foreach (var drop in runtime.Workloads.Values.Select(w => w.Drop).OfType<Pipeline.Workloads.DropConvention>())
        {
            await runtime.Services.Blobs.EnsureContainerAsync(drop.Container, cancellationToken).ConfigureAwait(false);
        }

        var resumed = await runtime.Engine.ResumeAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Pipeline on {Backend}; workloads {Workloads}; resumed {Resumed} unfinished run(s)",
            runtime.Backend.Description, string.Join(", ", runtime.Workloads.Keys), resumed);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await runtime.Engine.DisposeAsync().ConfigureAwait(false);
}
