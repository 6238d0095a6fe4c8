using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Bindings;

/// <summary>A workload core's catalog does not have, with a drop: what "adding a workload" gives the Functions app.</summary>
internal sealed class ToyWorkload : IWorkload
{
    public string Kind => "toy";

    public DropConvention? Drop => new("toy-drop", "manifest.json");

    public IReadOnlyList<InputError> Validate(RunRequest request) => [];

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkloadPlan([new PartitionRef("only")], null));

    public Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.SerializeToElement(1));

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.SerializeToElement(summaries.Count));

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);
}
