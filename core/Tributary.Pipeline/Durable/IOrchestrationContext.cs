namespace Tributary.Pipeline.Durable;

/// <summary>
/// What an orchestrator sees of the durable engine. Shaped like Durable Functions' <c>TaskOrchestrationContext</c> so the
/// Azure Functions host maps it one-to-one. Orchestrator code must be deterministic: it may only use this context for time,
/// input and effects, because after a crash it is replayed from the start and must issue exactly the same calls.
/// </summary>
public interface IOrchestrationContext
{
    /// <summary>Id of the running instance.</summary>
    string InstanceId { get; }

    /// <summary>Deterministic "now": the instance's creation time, advanced to the completion time of each result received.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator is still consuming recorded history.</summary>
    bool IsReplaying { get; }

    /// <summary>The instance input, deserialized.</summary>
    T GetInput<T>();

    /// <summary>Schedules an activity (or returns its recorded result on replay).</summary>
    /// <exception cref="ActivityFailedException">The activity failed after its retries.</exception>
    Task<T> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null);

    /// <summary>Runs a child orchestration with its own history, so one instance's history stays small.</summary>
    /// <exception cref="ActivityFailedException">The child orchestration failed.</exception>
    Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null);

    /// <summary>Replaces the instance's custom status (progress), persisted shortly after.</summary>
    void SetCustomStatus(object? status);
}
