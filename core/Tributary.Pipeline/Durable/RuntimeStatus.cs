namespace Tributary.Pipeline.Durable;

/// <summary>Lifecycle of an orchestration instance, with the same names as Durable Functions.</summary>
public enum RuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}
