using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Workloads;

namespace Tributary.Console.Tests.Support;

/// <summary>
/// A test workload (`gated`): {"parts": n, "failFirst": k} partitions that each wait for <see cref="Release"/>, so a run stays
/// Running while a test watches it; the first k attempts of `part-1` fail (a transient fault the run retries).
/// </summary>
public sealed class GatedWorkload : IWorkload
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
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
        return Task.FromResult(new WorkloadPlan(Enumerable.Range(0, parts).Select(i => new PartitionRef($"part-{i}")).ToList(), request.Parameters));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        var failFirst = plan.Context is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("failFirst", out var f) ? f.GetInt32() : 0;
        if (partition.Id == "part-1" && _attempts.AddOrUpdate($"{runId}/{partition.Id}", 1, (_, n) => n + 1) <= failFirst)
        {
            throw new IOException("transient fault");
        }

        return JsonSerializer.SerializeToElement(1);
    }

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.SerializeToElement(new { parts = summaries.Count }));

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);
}
