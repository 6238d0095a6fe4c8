namespace Tributary.Pipeline.Ports;

/// <summary>Publishes run-completed and run-failed events (a Storage queue here, a Service Bus topic in Azure).</summary>
public interface IRunEventPublisher
{
    /// <summary>Publishes one event; at-least-once.</summary>
    Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken);
}

/// <summary>What subscribers learn about a finished run.</summary>
/// <param name="Summary">Small JSON summary of the run's output.</param>
public sealed record RunEvent(string RunId, string Kind, string Status, string? Summary, DateTimeOffset At);
