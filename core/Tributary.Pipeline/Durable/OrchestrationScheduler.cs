using System.Threading.Channels;

namespace Tributary.Pipeline.Durable;

/// <summary>
/// Runs an orchestrator's code one callback at a time, as Durable does. Continuations after each await come back here, so
/// the calls a fan-out issues are numbered in program order, not in the order the worker threads happen to finish.
/// </summary>
public sealed class OrchestrationScheduler : SynchronizationContext
{
    private readonly Channel<(SendOrPostCallback Callback, object? State)> _queue =
        Channel.CreateUnbounded<(SendOrPostCallback, object?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs the body on a fresh scheduler until its task completes.</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        var scheduler = new OrchestrationScheduler();
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Post(_ =>
        {
            Task<T> task;
            try
            {
                task = body();
            }
            catch (Exception e)
            {
                result.TrySetException(e);
                scheduler._queue.Writer.TryComplete();
                return;
            }

            task.ContinueWith(
                done =>
                {
                    if (done.IsCanceled)
                    {
                        result.TrySetCanceled();
                    }
                    else if (done.Exception is { } error)
                    {
                        result.TrySetException(error.InnerExceptions);
                    }
                    else
                    {
                        result.TrySetResult(done.Result);
                    }

                    scheduler._queue.Writer.TryComplete();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }, null);
        _ = Task.Run(scheduler.PumpAsync);
        return result.Task;
    }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!_queue.Writer.TryWrite((d, state)))
        {
            // The orchestrator finished; a late continuation (an abandoned activity) runs on the pool instead.
            ThreadPool.QueueUserWorkItem(s => d(s), state);
        }
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("orchestrator code must not block");

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    private async Task PumpAsync()
    {
        await foreach (var (callback, state) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                callback(state);
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }
    }
}
