using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Functions.Telemetry;

/// <summary>
/// `tributary_runs_active{workload}` in the Functions app, from the same source as serve (<see cref="ActiveRunCounter"/>:
/// the task hub's unfinished instances). The Durable client is bound per invocation, so a timer counts every 30 s and the
/// gauge reports the last count; serve counts on a scrape instead.
/// </summary>
public sealed class ActiveRunsTimer(ActiveRunCounter counter)
{
    /// <summary>The count's schedule (NCRONTAB with seconds): fixed, it is no operator's choice.</summary>
    public const string Schedule = "*/30 * * * * *";

    /// <summary>Counts the unfinished runs of every workload.</summary>
    [Function("CountActiveRuns")]
    public Task CountAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        counter.CountAsync(new DurableTaskRunClient(client), cancellationToken);
}

/// <summary>Registers the gauge's source for the worker's lifetime.</summary>
public sealed class ActiveRunsGauge(ActiveRunCounter counter) : IHostedService
{
    private IDisposable? _registration;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = ActiveRunCounter.Observe(() => counter.Last ?? []);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }
}
