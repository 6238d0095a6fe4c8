namespace Tributary.Pipeline.Durable;

/// <summary>Orchestrators and activities by name. Both exchange JSON, so the engine and any host can call them alike.</summary>
public sealed class DurableRegistry
{
    private readonly Dictionary<string, Func<IOrchestrationContext, Task<string?>>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityHandler> _activities = new(StringComparer.Ordinal);

    /// <summary>An activity as the engine calls it: JSON in, JSON out.</summary>
    public delegate Task<string?> ActivityHandler(string? input, ActivityContext context, CancellationToken cancellationToken);

    /// <summary>Registers an orchestrator; its result is serialized as the instance output.</summary>
    public DurableRegistry AddOrchestrator<TOut>(string name, Func<IOrchestrationContext, Task<TOut>> orchestrator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _orchestrators.Add(name, async context => DurableJson.Serialize(await orchestrator(context)));
        return this;
    }

    /// <summary>Registers an activity with a typed input and result.</summary>
    public DurableRegistry AddActivity<TIn, TOut>(string name, Func<TIn, ActivityContext, CancellationToken, Task<TOut>> activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _activities.Add(name, async (input, context, cancel) =>
            DurableJson.Serialize(await activity(DurableJson.Deserialize<TIn>(input), context, cancel).ConfigureAwait(false)));
        return this;
    }

    /// <summary>Registers an activity that already speaks JSON.</summary>
    public DurableRegistry AddActivity(string name, ActivityHandler activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _activities.Add(name, activity);
        return this;
    }

    /// <summary>True when an orchestrator of that name is registered.</summary>
    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    /// <summary>Names of the registered orchestrators.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>The orchestrator of that name, as the engine (or another host) invokes it.</summary>
    public Func<IOrchestrationContext, Task<string?>> GetOrchestrator(string name) =>
        _orchestrators.TryGetValue(name, out var orchestrator)
            ? orchestrator
            : throw new InvalidOperationException($"no orchestrator named '{name}' is registered");

    /// <summary>The activity of that name, as the engine (or another host) invokes it.</summary>
    public ActivityHandler GetActivity(string name) =>
        _activities.TryGetValue(name, out var activity)
            ? activity
            : throw new InvalidOperationException($"no activity named '{name}' is registered");
}
