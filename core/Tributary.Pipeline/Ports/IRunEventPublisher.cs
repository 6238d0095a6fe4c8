namespace Tributary.Pipeline.Ports;

/// <summary>Publishes run-completed and run-failed events (a Storage queue here, a Service Bus topic in Azure).</summary>
public interface IRunEventPublisher
{
    /// <summary>Publishes one event; at least once, so subscribers de-duplicate by <see cref="RunEvent.EventId"/>.</summary>
    Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken);
}

/// <summary>What subscribers learn about a finished run.</summary>
/// <param name="Summary">Small JSON summary of the run's output.</param>
/// <param name="At">When this copy was published; a republished event has a later time and the same <see cref="EventId"/>.</param>
public sealed record RunEvent(string RunId, string Kind, string Status, string? Summary, DateTimeOffset At)
{
    /// <summary>
    /// Identity of the outcome, <c>{runId}:{status}</c>: the same for every copy of one event. Delivery is at least once
    /// (a crash between the publish and the record of the finalize step publishes again), so this is the de-duplication key.
    /// </summary>
    public string EventId => $"{RunId}:{Status}";
}
