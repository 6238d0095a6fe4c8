namespace Tributary.Pipeline.Runs;

/// <summary>One activity step of an orchestration's history, as both Durable clients report it.</summary>
/// <param name="TaskId">The scheduled task's event id; a completion or failure carries the id of the task it ends.</param>
/// <param name="Failure">A failure's message (failures only).</param>
/// <param name="Tags">A scheduled task's tags (histories keep these, not its input).</param>
public sealed record TaskHistoryEvent(TaskHistoryKind Kind, int TaskId, string? Name, IReadOnlyDictionary<string, string>? Tags, DateTimeOffset Timestamp, string? Failure = null);

/// <summary>What happened to an activity task.</summary>
public enum TaskHistoryKind
{
    /// <summary>The orchestrator scheduled the task (one attempt).</summary>
    Scheduled,

    /// <summary>The attempt completed.</summary>
    Completed,

    /// <summary>The attempt failed.</summary>
    Failed,
}
