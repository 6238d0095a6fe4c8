using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// Runs an activity's work only while its run has not been terminated (<see cref="RunStops"/>): work of a terminated run
/// never starts, work in progress is cancelled at the next look (every <see cref="PipelineOptions.StopPoll"/>), and when
/// work of a terminated run ends, in whatever way, the run's outputs are removed, so the last activity to end leaves
/// nothing behind. The attempt then fails with <see cref="RunStoppedException"/>, which the terminated orchestrator never sees.
/// </summary>
public static class StopGuard
{
    /// <summary>Runs <paramref name="work"/> for the run unless it was terminated; see the type's summary.</summary>
    public static async Task<T> RunAsync<T>(
        IWorkload workload, PipelineServices services, PipelineOptions options, string runId, DateTimeOffset? startedAt, WorkloadPlan? plan,
        Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(work);
        var stops = new RunStops(services.Blobs);
        if (await stops.IsStoppedAsync(workload.Kind, runId, startedAt, cancellationToken).ConfigureAwait(false))
        {
            throw new RunStoppedException(runId);
        }

        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(stops, workload.Kind, runId, startedAt, options.StopPoll, stopped);
        try
        {
            return await work(stopped.Token).ConfigureAwait(false);
        }
        finally
        {
            await stopped.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);

            // Checked again after the work, whatever its outcome: a stop that came during the last write is seen here.
            if (await stops.IsStoppedAsync(workload.Kind, runId, startedAt, CancellationToken.None).ConfigureAwait(false))
            {
                await workload.PurgeStoppedAsync(runId, plan, CancellationToken.None).ConfigureAwait(false);
                throw new RunStoppedException(runId);
            }
        }
    }

    private static async Task WatchAsync(RunStops stops, string kind, string runId, DateTimeOffset? startedAt, TimeSpan poll, CancellationTokenSource stopped)
    {
        while (!stopped.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(poll, stopped.Token).ConfigureAwait(false);
                if (await stops.IsStoppedAsync(kind, runId, startedAt, stopped.Token).ConfigureAwait(false))
                {
                    await stopped.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed look is not a stop: the next look, and the one after the work, decide.
            }
        }
    }
}

/// <summary>An activity of a terminated run refused to start, or stopped; its outputs were removed.</summary>
public sealed class RunStoppedException(string runId) : OperationCanceledException($"run {runId} was terminated; its work stopped and its outputs were removed");
