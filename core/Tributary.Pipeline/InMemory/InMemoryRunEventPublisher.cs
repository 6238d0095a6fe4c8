using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.InMemory;

/// <summary>Keeps published run events in memory, in publication order.</summary>
public sealed class InMemoryRunEventPublisher : IRunEventPublisher
{
    private readonly Lock _lock = new();
    private readonly List<RunEvent> _events = [];

    /// <summary>A snapshot of the events published so far.</summary>
    public IReadOnlyList<RunEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _events.Add(runEvent);
        }

        return Task.CompletedTask;
    }
}
