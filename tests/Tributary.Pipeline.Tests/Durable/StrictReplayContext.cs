using System.Text.Json;
using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Tests.Durable;

/// <summary>
/// A context that only replays: every call must match the recorded call at its position (name and input JSON) and gets
/// the recorded result. Any call beyond the recording throws, so an orchestrator that reads the clock, makes GUIDs or
/// decides from I/O is caught as soon as its calls diverge.
/// </summary>
internal sealed class StrictReplayContext(string instanceId, DateTime createdAt, string? input, IReadOnlyList<RecordedCall> recording) : IOrchestrationContext
{
    private int _next;
    private DateTime _now = createdAt;

    public string InstanceId => instanceId;

    public DateTime CurrentUtcDateTime => _now;

    public bool IsReplaying => true;

    public int CallsIssued => _next;

    public T GetInput<T>() => DurableJson.Deserialize<T>(input);

    public Task<T> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null) => Replay<T>(name, input);

    public Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null) => Replay<T>("orchestrator:" + name, input);

    public void SetCustomStatus(object? status)
    {
    }

    private Task<T> Replay<T>(string name, object? input)
    {
        var sequence = _next++;
        if (sequence >= recording.Count)
        {
            throw new NonDeterministicOrchestrationException($"call #{sequence} ({name}) was never recorded");
        }

        var recorded = recording[sequence];
        var json = DurableJson.Serialize(input);
        if (recorded.Name != name || recorded.Input != json)
        {
            throw new NonDeterministicOrchestrationException(
                $"call #{sequence}: replay issued {name}({json}) but the run recorded {recorded.Name}({recorded.Input})");
        }

        if (recorded.CompletedAt.UtcDateTime > _now)
        {
            _now = recorded.CompletedAt.UtcDateTime;
        }

        return Task.FromResult(JsonSerializer.Deserialize<T>(recorded.Result!, DurableJson.Options)!);
    }
}

/// <summary>One call of a recorded run: what was asked and what came back.</summary>
internal sealed record RecordedCall(int Sequence, string Name, string? Input, string? Result, DateTimeOffset CompletedAt);
