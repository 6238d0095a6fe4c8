namespace Tributary.Pipeline.Durable.Hosting;

/// <summary>
/// What crosses Durable's history for one activity call: core's JSON input plus what core's <see cref="ActivityContext"/>
/// needs (instance id and call sequence, so side effects get deterministic ids). Attempt is always 1: Durable retries
/// transparently and does not tell the activity which attempt it is.
/// </summary>
public sealed record ActivityEnvelope(string InstanceId, int Sequence, string? Input);
