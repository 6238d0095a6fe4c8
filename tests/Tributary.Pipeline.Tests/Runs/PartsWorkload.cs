using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Runs;

/// <summary>
/// A validation-only workload for start-request tests: parameters {"parts": n}, bound with the serializer so a wrong type
/// escapes as a JsonException (as a careless workload would let it), and a count outside 1-10 reported without a field.
/// Records every request it was asked to validate.
/// </summary>
internal sealed class PartsWorkload : IWorkload
{
    public string Kind => "parts";

    public DropConvention? Drop => null;

    public List<RunRequest> Validated { get; } = [];

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        Validated.Add(request);
        var parts = request.Parameters?.Deserialize<PartsParameters>(DurableJson.Options)?.Parts ?? 1;
        return parts is < 1 or > 10 ? [new InputError("request", 0, null, "parts must be between 1 and 10")] : [];
    }

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("validation only");

    public Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken) =>
        throw new NotSupportedException("validation only");

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        throw new NotSupportedException("validation only");

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);

    private sealed record PartsParameters(int Parts);
}
