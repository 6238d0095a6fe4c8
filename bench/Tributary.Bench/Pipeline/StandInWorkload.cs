using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Workloads;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// A workload that does nothing under a real workload's kind (its orchestrator name): a plan of no partitions and an empty
/// finalize, so a hub can be filled with thousands of finished runs of every kind in minutes. A run whose id ends in a
/// digit <paramref name="failing"/> names fails in its plan (input error), so a status filter has sparse matches too.
/// </summary>
internal sealed class StandInWorkload(string kind, char failing) : IWorkload
{
    private static readonly JsonElement Empty = JsonSerializer.SerializeToElement(new { });

    public string Kind => kind;

    public DropConvention? Drop => null;

    public IReadOnlyList<InputError> Validate(RunRequest request) => [];

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
        runId.EndsWith(failing)
            ? throw new InvalidInputException(new InputError("request", 0, "id", $"stand-in run {runId} fails by design"))
            : Task.FromResult(new WorkloadPlan([]));

    public Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken) =>
        Task.FromResult(Empty);

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        Task.FromResult(Empty);

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);
}
