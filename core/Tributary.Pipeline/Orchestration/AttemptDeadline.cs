namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// The per-attempt time limit of an activity. The SDK's retry options have none, so the activity enforces its own: the
/// work is cancelled at the deadline and the attempt fails with <see cref="ActivityTimeoutException"/>, which the retry
/// handler retries like any other transient failure. The same code runs in both hosts.
/// </summary>
public static class AttemptDeadline
{
    /// <summary>Runs the work with a cancellation token that fires after <paramref name="timeout"/> (never when null).</summary>
    public static async Task<T> RunAsync<T>(string activity, TimeSpan? timeout, Func<CancellationToken, Task<T>> work)
    {
        if (timeout is not { } limit)
        {
            return await work(CancellationToken.None).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(limit);
        try
        {
            return await work(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new ActivityTimeoutException(activity, limit);
        }
    }
}

/// <summary>An activity attempt ran past its <see cref="RetrySchedule.Timeout"/>: transient, so it is retried.</summary>
public sealed class ActivityTimeoutException(string activity, TimeSpan timeout)
    : TimeoutException($"activity {activity} timed out after {timeout.TotalMilliseconds:0} ms");
