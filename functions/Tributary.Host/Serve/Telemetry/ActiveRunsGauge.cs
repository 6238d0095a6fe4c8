using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve.Telemetry;

/// <summary>
/// Feeds `tributary_runs_active{workload}` from core's <see cref="ActiveRunCounter"/> (the task hub's Pending and Running
/// instances by kind). Counted only when a scrape or an export asks, and at most every <see cref="MaxAge"/>; a scrape gets
/// the last figures while a newer count is read.
/// </summary>
internal sealed class ActiveRunsGauge(PipelineRuntime runtime, IReadOnlyDictionary<string, IWorkload> workloads, ILogger<ActiveRunsGauge> logger) : IHostedService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly ActiveRunCounter _counter = new(workloads.Keys);
    private DateTime _readAt;
    private Task? _reading;
    private IDisposable? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = ActiveRunCounter.Observe(Counts);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }

    private IEnumerable<KeyValuePair<string, long>> Counts()
    {
        Task? first = null;
        lock (_gate)
        {
            if (_reading is null && DateTime.UtcNow - _readAt > MaxAge)
            {
                _reading = Task.Run(ReadAsync);
            }

            if (_counter.Last is null)
            {
                first = _reading;
            }
        }

        // The first scrape waits briefly for a count rather than showing no series at all.
        first?.Wait(TimeSpan.FromSeconds(2));
        return _counter.Last ?? [];
    }

    private async Task ReadAsync()
    {
        try
        {
            await _counter.CountAsync(runtime.Runs.Client, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not started yet, or the task hub is unreachable: the gauge keeps its last figures; health reports the outage.
            logger.LogDebug(e, "Counting active runs failed");
        }
        finally
        {
            lock (_gate)
            {
                _readAt = DateTime.UtcNow;
                _reading = null;
            }
        }
    }
}
