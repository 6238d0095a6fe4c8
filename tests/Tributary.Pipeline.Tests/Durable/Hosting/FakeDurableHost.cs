using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;

namespace Tributary.Pipeline.Tests.Durable.Hosting;

/// <summary>
/// Durable in miniature behind <see cref="IDurableCalls"/>, for one orchestration instance. Every call gets the next task id,
/// as Durable numbers scheduled tasks. A task id found in the recorded history returns its recorded result (or throws its
/// recorded failure) without running anything, after checking it is the same call (Durable's non-determinism check); any
/// other call runs and is recorded. Functions are looked up by their Functions name only, as Durable does: an activity runs
/// like the app's activity functions (core's handler, the envelope's instance id and sequence, attempt 1, retried up to the
/// policy's attempts), a child orchestration runs as an instance of its own with its own history. A final failure is thrown
/// as <see cref="ActivityFailedException"/> under the function name with the exception's short type name, as
/// TaskOrchestrationCalls maps Durable's TaskFailedException.
/// </summary>
internal sealed class FakeDurableHost : IDurableCalls
{
    private readonly DurableRegistry _registry;
    private readonly IReadOnlyDictionary<string, string> _functions;
    private readonly IReadOnlyDictionary<int, DurableEvent> _history;
    private readonly Dictionary<int, DurableEvent> _recorded = [];
    private readonly List<FakeDurableHost> _children = [];
    private readonly List<DurableEvent> _issued = [];
    private int _nextTaskId;
    private int _replayed;

    /// <param name="functions">Functions name → core name, as the app's [Function] attributes bind them.</param>
    public FakeDurableHost(
        DurableRegistry registry,
        IReadOnlyDictionary<string, string> functions,
        string instanceId,
        string? inputJson,
        IReadOnlyDictionary<int, DurableEvent>? history = null)
    {
        _registry = registry;
        _functions = functions;
        _history = history ?? new Dictionary<int, DurableEvent>();
        InstanceId = instanceId;
        InputJson = inputJson;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; } = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    public bool IsReplaying => _replayed < _history.Count;

    public string? InputJson { get; }

    /// <summary>The last custom status set, as core's JSON.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>Every call of this run (replayed or new) by task id: the history a later replay gets.</summary>
    public IReadOnlyDictionary<int, DurableEvent> History => _recorded;

    /// <summary>The calls of this run in task-id order.</summary>
    public IReadOnlyList<DurableEvent> Calls => _recorded.OrderBy(e => e.Key).Select(e => e.Value).ToList();

    /// <summary>The calls the orchestrator issued, in order, before any outcome: what replay compares.</summary>
    public IReadOnlyList<DurableEvent> Issued => _issued;

    /// <summary>Child instances this run started (not those replayed from history).</summary>
    public IReadOnlyList<FakeDurableHost> Children => _children;

    /// <summary>Runs a core orchestrator through the adapter on Durable's one-thread-at-a-time scheduling; returns its JSON output.</summary>
    public Task<string?> RunAsync(string coreName) =>
        OrchestrationScheduler.RunAsync(() => _registry.GetOrchestrator(coreName)(new DurableCallsContext(this)));

    public async Task<string?> CallActivityAsync(string functionName, ActivityEnvelope envelope, RetryPolicy? retry)
    {
        var taskId = _nextTaskId++;
        var call = new DurableEvent(functionName, envelope, null, retry, null, null);
        var done = Replay(taskId, call) ?? await ExecuteAsync(call, () => RunActivityAsync(functionName, envelope, retry));
        return Deliver(taskId, done);
    }

    public async Task<string?> CallSubOrchestratorAsync(string functionName, string? inputJson)
    {
        var taskId = _nextTaskId++;
        var call = new DurableEvent(functionName, null, inputJson, null, null, null);
        var done = Replay(taskId, call) ?? await ExecuteAsync(call, () =>
        {
            var child = new FakeDurableHost(_registry, _functions, $"{InstanceId}:{taskId}", inputJson);
            _children.Add(child);
            return child.RunAsync(Bound(functionName));
        });
        return Deliver(taskId, done);
    }

    public void SetCustomStatus(string? json) => CustomStatus = json;

    private DurableEvent? Replay(int taskId, DurableEvent call)
    {
        _issued.Add(call);
        if (!_history.TryGetValue(taskId, out var recorded))
        {
            return null;
        }

        if (call != recorded with { Result = null, Failure = null })
        {
            throw new NonDeterministicOrchestrationException($"task {taskId}: replay scheduled {call} but history holds {recorded}");
        }

        _replayed++;
        return recorded;
    }

    private static async Task<DurableEvent> ExecuteAsync(DurableEvent call, Func<Task<string?>> run)
    {
        try
        {
            return call with { Result = await run() };
        }
        catch (Exception e)
        {
            // What Durable records of a failed activity or child orchestration: the exception that escaped it.
            return call with { Failure = new FailureDetails(e.GetType().Name, e.Message) };
        }
    }

    private async Task<string?> RunActivityAsync(string functionName, ActivityEnvelope envelope, RetryPolicy? retry)
    {
        var coreName = Bound(functionName);
        var handler = _registry.GetActivity(coreName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Off the orchestrator's thread, as activity functions run.
                return await Task.Run(() => handler(envelope.Input, new ActivityContext(envelope.InstanceId, envelope.Sequence, coreName, Attempt: 1), CancellationToken.None));
            }
            catch (Exception) when (attempt < (retry?.MaxAttempts ?? 1))
            {
            }
        }
    }

    private string Bound(string functionName) =>
        _functions.TryGetValue(functionName, out var coreName)
            ? coreName
            : throw new InvalidOperationException($"no function named '{functionName}' is bound");

    private string? Deliver(int taskId, DurableEvent done)
    {
        _recorded[taskId] = done;
        return done.Failure is { } failure ? throw new ActivityFailedException(done.FunctionName, failure) : done.Result;
    }
}

/// <summary>One scheduled task of an instance's history: an activity (with its envelope) or a child orchestration (with its input), and its outcome.</summary>
internal sealed record DurableEvent(string FunctionName, ActivityEnvelope? Envelope, string? ChildInput, RetryPolicy? Retry, string? Result, FailureDetails? Failure);
