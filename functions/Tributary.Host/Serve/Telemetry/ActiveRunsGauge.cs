using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Host.Serve.Telemetry;

/// <summary>
/// Feeds `tributary_runs_active{workload}` from the task hub itself (Pending and Running instances by kind), so the figure is
/// right across restarts and across several serve processes on one hub. Read only when a scrape or an export asks, and at
/// most every <see cref="MaxAge"/>; a scrape gets the last figures while a newer count is read.
/// </summary>
internal sealed class ActiveRunsGauge(PipelineRuntime runtime, ILogger<ActiveRunsGauge> logger) : IHostedService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private static readonly RuntimeStatus[] Unfinished = [RuntimeStatus.Pending, RuntimeStatus.Running];

    private readonly Lock _gate = new();
    private IReadOnlyList<KeyValuePair<string, long>>? _counts;
    private DateTime _readAt;
    private Task? _reading;
    private IDisposable? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PipelineTelemetry.ObserveActiveRuns(Counts);
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

            if (_counts is null)
            {
                first = _reading;
            }
        }

        // The first scrape waits briefly for a count rather than showing no series at all.
        first?.Wait(TimeSpan.FromSeconds(2));
        return Volatile.Read(ref _counts) ?? [];
    }

    private async Task ReadAsync()
    {
        try
        {
            var counts = new List<KeyValuePair<string, long>>();
            foreach (var kind in runtime.Workloads.Keys.Order(StringComparer.Ordinal))
            {
                long count = 0;
                string? token = null;
                do
                {
                    var page = await runtime.Runs.Client.QueryAsync(
                        new RunQuery(Unfinished, null, null, 500, token, RunIds.KindPrefix(kind), WithInputsAndOutputs: false), CancellationToken.None).ConfigureAwait(false);
                    count += page.Runs.Count;
                    token = page.ContinuationToken;
                }
                while (token is not null);

                counts.Add(new(kind, count));
            }

            Volatile.Write(ref _counts, counts);
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
