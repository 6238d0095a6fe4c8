namespace Tributary.Pipeline.Durable.Hosting;

/// <summary>
/// Core's <see cref="IOrchestrationContext"/> over a Durable host's calls. Payloads cross Durable as core's JSON strings
/// (<see cref="DurableJson"/>), so inputs, outputs and custom status have exactly the shape the embedded engine stores,
/// whatever serializer the Durable extension is configured with.
/// </summary>
public sealed class DurableCallsContext(IDurableCalls calls) : IOrchestrationContext
{
    // Incremented in call order, which is deterministic (orchestrator code is), so replays give every call the same number.
    private int _sequence;

    public string InstanceId => calls.InstanceId;

    public DateTime CurrentUtcDateTime => calls.CurrentUtcDateTime;

    public bool IsReplaying => calls.IsReplaying;

    public T GetInput<T>() => DurableJson.Deserialize<T>(calls.InputJson);

    public async Task<T> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null)
    {
        var envelope = new ActivityEnvelope(calls.InstanceId, _sequence++, DurableJson.Serialize(input));
        try
        {
            return DurableJson.Deserialize<T>(await calls.CallActivityAsync(FunctionNames.For(name), envelope, retry));
        }
        catch (ActivityFailedException e) when (e.Name != name)
        {
            // Orchestrators see core's names, as with the embedded engine.
            throw new ActivityFailedException(name, e.Failure);
        }
    }

    public async Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null)
    {
        _sequence++;
        try
        {
            return DurableJson.Deserialize<T>(await calls.CallSubOrchestratorAsync(FunctionNames.For(name), DurableJson.Serialize(input)));
        }
        catch (ActivityFailedException e) when (e.Name != name)
        {
            throw new ActivityFailedException(name, e.Failure);
        }
    }

    public void SetCustomStatus(object? status) => calls.SetCustomStatus(DurableJson.Serialize(status));
}
