namespace Tributary.Functions.Bindings;

/// <summary>The kinds of trigger the app's generated methods have: one hand-written class of the app per kind.</summary>
public enum TriggerKind
{
    /// <summary>An orchestrator function (`WorkloadOrchestrators`), running core's orchestrator of the same task name.</summary>
    Orchestration,

    /// <summary>An activity function (`WorkloadActivities`), running core's activity of the same task name.</summary>
    Activity,

    /// <summary>A blob trigger on a drop container (`DropTriggers`), handing the blob to core's drop intake.</summary>
    Drop,

    /// <summary>An HTTP function (`PipelineHttpFunctions`), running the route of core's table of the same name.</summary>
    Http,
}

/// <summary>
/// One function the app must have: its name, its trigger, what it delegates to (task name, workload kind or route name)
/// and the types or route it binds. Orchestrations and activities carry their input and output types; drops their
/// container; HTTP functions their method and route template.
/// </summary>
public sealed record TriggerBinding(TriggerKind Trigger, string FunctionName, string Target, Type? Input = null, Type? Output = null, string? Path = null, string? Method = null);
