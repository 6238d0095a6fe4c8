namespace Tributary.Pipeline.Durable;

/// <summary>
/// The engine's orchestration context. Each call gets the next sequence number; when history holds a record for it (from
/// an earlier run of this instance) the recorded result is returned, after checking the name, otherwise the call runs.
/// </summary>
internal sealed class EngineOrchestrationContext : IOrchestrationContext
{
    private const string ChildPrefix = "orchestrator:";
    private readonly DurableEngine _engine;
    private readonly RunningInstance _run;
    private readonly string? _input;
    private readonly Dictionary<int, ActivityRecord> _history;
    private int _next;
    private int _replayed;
    private DateTime _now;

    public EngineOrchestrationContext(DurableEngine engine, RunningInstance run, InstanceState state, IReadOnlyList<ActivityRecord> history)
    {
        _engine = engine;
        _run = run;
        _input = state.Input;
        _history = history.ToDictionary(r => r.Sequence);
        _now = state.CreatedAt.UtcDateTime;
    }

    public string InstanceId => _run.Id;

    public DateTime CurrentUtcDateTime => _now;

    public bool IsReplaying => _replayed < _history.Count;

    public T GetInput<T>() => DurableJson.Deserialize<T>(_input);

    public async Task<T> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null)
    {
        var sequence = _next++;
        _run.Token.ThrowIfCancellationRequested();
        var record = Recorded(sequence, name)
            ?? await _engine.ExecuteActivityAsync(_run, sequence, name, DurableJson.Serialize(input), retry);
        return Deliver<T>(record, name);
    }

    public async Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null)
    {
        var sequence = _next++;
        _run.Token.ThrowIfCancellationRequested();
        var recordName = ChildPrefix + name;
        var record = Recorded(sequence, recordName)
            ?? await _engine.RunChildAsync(_run, sequence, name, recordName, DurableJson.Serialize(input));
        return Deliver<T>(record, name);
    }

    public void SetCustomStatus(object? status) => _run.SetCustomStatus(DurableJson.Serialize(status));

    /// <summary>After the orchestrator returned: every recorded call must have been issued again.</summary>
    public void EnsureHistoryConsumed()
    {
        var unvisited = _history.Keys.Where(s => s >= _next).Order().ToList();
        if (unvisited.Count > 0)
        {
            var first = _history[unvisited[0]];
            throw new NonDeterministicOrchestrationException(
                $"instance {InstanceId}: history records call #{first.Sequence} ({first.Name}) but the orchestrator finished after {_next} calls");
        }
    }

    private ActivityRecord? Recorded(int sequence, string name)
    {
        if (!_history.TryGetValue(sequence, out var record))
        {
            return null;
        }

        if (record.Name != name)
        {
            throw new NonDeterministicOrchestrationException(
                $"instance {InstanceId}: call #{sequence} is {name} but history records {record.Name}");
        }

        _replayed++;
        return record;
    }

    private T Deliver<T>(ActivityRecord record, string name)
    {
        // "Now" only moves with results received, so a replay sees the same times as the original run.
        var completed = record.CompletedAt.UtcDateTime;
        if (completed > _now)
        {
            _now = completed;
        }

        if (record.Failure is { } failure)
        {
            throw new ActivityFailedException(name, failure);
        }

        return DurableJson.Deserialize<T>(record.Result);
    }
}
