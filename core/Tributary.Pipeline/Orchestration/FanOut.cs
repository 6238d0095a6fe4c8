using Microsoft.DurableTask;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Fan-out of one call per item with a bounded number in flight, deterministic under replay.</summary>
public static class FanOut
{
    /// <summary>
    /// Calls <paramref name="call"/> for every item, at most <paramref name="maxInFlight"/> at a time, and returns the results in
    /// item order. Items always start in list order (the next free lane takes the next item), so the i-th task an
    /// orchestrator schedules is the same on every replay whatever order they finish in. After the first failure no new
    /// item starts; the failure is rethrown once the calls in flight have finished.
    /// </summary>
    /// <param name="progress">Called after each completion with (done, total), e.g. to set custom status.</param>
    public static async Task<TOut[]> FanOutAsync<TIn, TOut>(
        this TaskOrchestrationContext context,
        IReadOnlyList<TIn> items,
        int maxInFlight,
        Func<TIn, Task<TOut>> call,
        Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var results = new TOut[items.Count];
        var next = 0;
        var done = 0;
        var failed = false;

        // No ConfigureAwait: an orchestrator's continuations must stay on the SDK's single-threaded replay scheduler.
        async Task Lane()
        {
            while (!failed && next < items.Count)
            {
                var index = next++;
                try
                {
                    results[index] = await call(items[index]);
                }
                catch
                {
                    failed = true;
                    throw;
                }

                done++;
                progress?.Invoke(done, items.Count);
            }
        }

        var lanes = new Task[Math.Min(maxInFlight, items.Count)];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = Lane();
        }

        await Task.WhenAll(lanes);
        return results;
    }
}
