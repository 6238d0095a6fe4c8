namespace Tributary.Pipeline.Durable;

/// <summary>What an activity knows about its call: enough to give its side effects deterministic ids.</summary>
/// <param name="InstanceId">The calling instance.</param>
/// <param name="Sequence">Position of the call in the instance's history.</param>
/// <param name="Attempt">1-based attempt number (greater than 1 on retries).</param>
public sealed record ActivityContext(string InstanceId, int Sequence, string Name, int Attempt);
