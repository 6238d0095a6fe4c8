using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Tests.Durable;

namespace Tributary.Pipeline.Tests.Workloads;

/// <summary>Runs an orchestrator's calls directly against the registry (child orchestrations inline) and records each call.</summary>
internal sealed class RecordingContext(DurableRegistry registry, string instanceId, string? input) : IOrchestrationContext
{
    private readonly List<RecordedCall> _calls = [];

    public IReadOnlyList<RecordedCall> Calls => _calls;

    public string InstanceId => instanceId;

    public DateTime CurrentUtcDateTime => new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    public bool IsReplaying => false;

    public T GetInput<T>() => DurableJson.Deserialize<T>(input);

    public async Task<T> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null)
    {
        var sequence = _calls.Count;
        var json = DurableJson.Serialize(input);
        _calls.Add(null!);
        var result = await registry.GetActivity(name)(json, new ActivityContext(instanceId, sequence, name, 1), CancellationToken.None);
        _calls[sequence] = new RecordedCall(sequence, name, json, result, CurrentUtcDateTime);
        return DurableJson.Deserialize<T>(result);
    }

    public async Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null)
    {
        var sequence = _calls.Count;
        var json = DurableJson.Serialize(input);
        _calls.Add(null!);
        var child = new RecordingContext(registry, $"{instanceId}:sub-{sequence:D6}", json);
        var result = await registry.GetOrchestrator(name)(child);
        _calls[sequence] = new RecordedCall(sequence, "orchestrator:" + name, json, result, CurrentUtcDateTime);
        return DurableJson.Deserialize<T>(result);
    }

    public void SetCustomStatus(object? status)
    {
    }
}
