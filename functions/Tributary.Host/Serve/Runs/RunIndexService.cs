using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tributary.Host.Serve.Runs;

/// <summary>
/// Builds the run index (newest-first listing) as the host starts. A brand-new hub is marked built before the API takes
/// requests (two quick calls); a hub with runs older than the index is read in the background, since on thousands of runs
/// that takes minutes, which no request should wait for: listings answer from the task hub in id order meanwhile. A failed
/// build (storage down) is tried again after a pause until it succeeds or the host stops.
/// </summary>
internal sealed class RunIndexService(PipelineRuntime runtime, ILogger<RunIndexService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the engine, whose start (before this one's) gives the runtime its run service.
        try
        {
            if (await runtime.Runs.TryMarkIndexBuiltAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Checking the run index failed; building it in the background");
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                logger.LogInformation("Building the run index from the task hub; run listings are in id order until it is ready");
                await runtime.Runs.BuildIndexAsync(stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Run index ready ({Seconds:F1} s)", started.Elapsed.TotalSeconds);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Building the run index failed; listings stay in id order; trying again in {Pause}", RetryPause);
                await Task.Delay(RetryPause, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
