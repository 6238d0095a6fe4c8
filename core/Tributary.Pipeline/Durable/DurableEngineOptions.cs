namespace Tributary.Pipeline.Durable;

/// <summary>Tuning and hooks of the embedded engine.</summary>
public sealed record DurableEngineOptions
{
    /// <summary>Activities executing at once across all instances (the worker pool size).</summary>
    public int MaxConcurrentActivities { get; init; } = Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>Retry of calls that pass none: one attempt, like Durable.</summary>
    public RetryPolicy DefaultRetry { get; init; } = RetryPolicy.None;

    /// <summary>Custom status is written at most this often per instance (progress updates are coalesced).</summary>
    public TimeSpan CustomStatusFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Called before every activity attempt (execution counters, journals, tracing). Must be fast and not throw.</summary>
    public Action<ActivityContext>? ActivityStarting { get; init; }

    /// <summary>Called once a top-level instance reaches a terminal state in this engine (e.g. to publish a failure event).</summary>
    public Func<InstanceState, CancellationToken, Task>? InstanceFinished { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1, nameof(MaxConcurrentActivities));
        ArgumentOutOfRangeException.ThrowIfLessThan(CustomStatusFlushInterval, TimeSpan.Zero, nameof(CustomStatusFlushInterval));
        DefaultRetry.Validate();
    }
}
