using System.Collections.Concurrent;
using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve;

/// <summary>
/// A host-test workload: parameters {"parts": n, "failFirst": k}; each part returns its index; finalize sums. The first k
/// attempts of part 1 fail (transient fault), and parts wait on <see cref="Gate"/> when one is set.
/// </summary>
internal sealed class TallyWorkload : IWorkload
{
    public string Kind => "tally";

    public DropConvention? Drop => new("tally-requests", null);

    public TaskCompletionSource? Gate { get; set; }

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        var parts = Read(request).Parts;
        return parts is < 1 or > 100 ? [new InputError("request", 0, "parameters.parts", "must be between 1 and 100")] : [];
    }

    public Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkloadPlan(
            Enumerable.Range(0, Read(request).Parts).Select(i => new PartitionRef(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            JsonSerializer.SerializeToElement(Read(request), DurableJson.Options)));

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        var attempt = Attempts.AddOrUpdate($"{runId}/{partition.Id}", 1, (_, n) => n + 1);
        if (partition.Id == "1" && attempt <= plan.Context!.Value.Deserialize<TallyParameters>(DurableJson.Options)!.FailFirst)
        {
            throw new IOException("transient fault");
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return JsonSerializer.SerializeToElement(int.Parse(partition.Id, System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken) =>
        Task.FromResult(JsonSerializer.SerializeToElement(new { total = summaries.Sum(s => s.GetInt32()) }));

    public Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);

    private static TallyParameters Read(RunRequest request) =>
        request.Parameters?.Deserialize<TallyParameters>(DurableJson.Options) ?? new TallyParameters(1, 0);

    internal sealed record TallyParameters(int Parts, int FailFirst);
}
