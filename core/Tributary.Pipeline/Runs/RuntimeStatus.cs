namespace Tributary.Pipeline.Runs;

/// <summary>Lifecycle of a run, with the names Durable Functions gives its orchestration statuses.</summary>
public enum RuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}
