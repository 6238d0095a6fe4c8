using System.Collections.Concurrent;

namespace Tributary.Host.Serve.Timers;

/// <summary>What each timer last did and when it runs next, for GET /api/health.</summary>
public sealed class TimerBoard
{
    private readonly ConcurrentDictionary<string, TimerStatus> _timers = new(StringComparer.Ordinal);

    /// <summary>Every timer, by name.</summary>
    public IReadOnlyList<TimerStatus> All => _timers.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public void Set(TimerStatus status) => _timers[status.Name] = status;
}

/// <summary>One timer's schedule, last run and next run.</summary>
/// <param name="LastResult">What the last run did, or its error.</param>
public sealed record TimerStatus(string Name, string Schedule, string Action, DateTimeOffset? LastRun, DateTimeOffset? NextRun, string? LastResult);
