using Microsoft.DurableTask;
using Tributary.Abstractions.Input;

namespace Tributary.Pipeline.Orchestration;

/// <summary>How an activity is retried: exponential backoff between attempts and a time limit per attempt (Durable's RetrySchedule).</summary>
/// <param name="MaxAttempts">Attempts in total, including the first.</param>
/// <param name="FirstRetryInterval">Delay before the second attempt.</param>
/// <param name="BackoffCoefficient">Factor applied to the delay after each further failure.</param>
/// <param name="MaxRetryInterval">Upper bound of one delay.</param>
/// <param name="Timeout">Time limit of one attempt, enforced by the activity itself (<see cref="AttemptDeadline"/>), so both hosts apply it. Null: none.</param>
public sealed record RetrySchedule(
    int MaxAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient = 2.0,
    TimeSpan? MaxRetryInterval = null,
    TimeSpan? Timeout = null)
{
    /// <summary>One attempt, no retry.</summary>
    public static RetrySchedule None { get; } = new(1, TimeSpan.Zero);

    /// <summary>The default for partition work: 4 attempts, 250 ms doubling up to 10 s.</summary>
    public static RetrySchedule Default { get; } = new(4, TimeSpan.FromMilliseconds(250), 2.0, TimeSpan.FromSeconds(10));

    /// <summary>Delay after the given failed attempt (1-based), or null when no attempt is left.</summary>
    public TimeSpan? DelayAfter(int failedAttempt)
    {
        if (failedAttempt >= MaxAttempts)
        {
            return null;
        }

        var delay = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, failedAttempt - 1);
        var capped = MaxRetryInterval is { } max ? Math.Min(delay, max.TotalMilliseconds) : delay;
        return TimeSpan.FromMilliseconds(Math.Max(0, capped));
    }

    /// <summary>
    /// The SDK's task options for this policy: a retry handler that never retries an input error (a bad file stays bad)
    /// and waits on a durable timer between attempts, so the backoff survives a restart. Null when there is one attempt.
    /// </summary>
    public TaskOptions? ToTaskOptions() => MaxAttempts <= 1 ? null : TaskOptions.FromRetryHandler(RetryAsync);

    /// <summary>
    /// The same options carrying <paramref name="tags"/> on every attempt's scheduled task, where the history keeps them
    /// (the task's input is not kept there), so a reader of the history knows which partition an attempt was.
    /// </summary>
    public TaskOptions ToTaskOptions(IDictionary<string, string> tags) =>
        new(MaxAttempts <= 1 ? null : TaskRetryOptions.FromRetryHandler(RetryAsync), tags);

    /// <summary>The decision of the retry handler, exposed for tests: retry after this delay, or null to give up.</summary>
    public TimeSpan? Decide(int lastAttemptNumber, TaskFailureDetails lastFailure) =>
        FailureCause.Is<InvalidInputException>(lastFailure) ? null : DelayAfter(lastAttemptNumber);

    private async Task<bool> RetryAsync(RetryContext context)
    {
        if (Decide(context.LastAttemptNumber, context.LastFailure) is not { } delay)
        {
            return false;
        }

        if (delay > TimeSpan.Zero)
        {
            await context.OrchestrationContext.CreateTimer(delay, context.CancellationToken);
        }

        return true;
    }

    /// <summary>Throws when the policy cannot be applied.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "at least one attempt");
        }

        if (BackoffCoefficient < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffCoefficient), BackoffCoefficient, "must be at least 1");
        }

        if (Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), t, "must be positive");
        }
    }
}
