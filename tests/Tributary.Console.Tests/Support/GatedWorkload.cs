using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Workloads;

namespace Tributary.Console.Tests.Support;

/// <summary>A test workload (`gated`): {"parts": n} partitions that each wait for <see cref="Release"/>, so a run stays Running while a test watches it.</summary>
public sealed class GatedWorkload : IWorkload
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Kind => "gated";

    public DropConvention? Drop => null;

    /// <summary>Lets every waiting and later partition finish.</summary>
    public void Release() => _gate.TrySetResult();

    /// <summary>Makes later partitions wait again.</summary>
    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<InputError> Validate(RunRequest request) => [];

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var parts = request.Parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("parts", out var n) ? n.GetInt32() : 3;
        return Task.FromResult(new WorkloadPlan(Enumerable.Range(0, parts).Select(i => new PartitionRef($"part-{i}")).ToList()));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return JsonSerializer.SerializeToElement(1);
    }

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.SerializeToElement(new { parts = summaries.Count }));

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);
}
