using System.Collections.Concurrent;
using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Tests.Durable;

/// <summary>
/// A tiny plan → fan-out → fan-in orchestration for engine tests: square 0..n-1 and sum. Counts every activity execution
/// per (instance, sequence) and remembers each call's input JSON, and lets a test hook into the square activity.
/// </summary>
internal sealed class SquaresPipeline
{
    public const string Orchestrator = "squares";

    public SquaresPipeline()
    {
        Registry = new DurableRegistry()
            .AddOrchestrator(Orchestrator, RunAsync)
            .AddActivity("plan", Observed((input, _, _) => Task.FromResult(DurableJson.Serialize(Enumerable.Range(0, DurableJson.Deserialize<int>(input)).ToArray()))))
            .AddActivity("square", Observed(async (input, context, cancel) =>
            {
                var value = DurableJson.Deserialize<int>(input);
                if (BeforeSquare is { } hook)
                {
                    await hook(context, value, cancel);
                }

                return DurableJson.Serialize((long)value * value);
            }))
            .AddActivity("sum", Observed((input, _, _) => Task.FromResult(DurableJson.Serialize(DurableJson.Deserialize<long[]>(input).Sum()))));
    }

    public DurableRegistry Registry { get; }

    /// <summary>Executions (attempts) per (instance, sequence).</summary>
    public ConcurrentDictionary<(string Instance, int Sequence), int> Executions { get; } = new();

    /// <summary>Input JSON of each call as the activity received it.</summary>
    public ConcurrentDictionary<(string Instance, int Sequence), string?> Inputs { get; } = new();

    /// <summary>Runs inside the square activity before it answers: block, fail or count.</summary>
    public Func<ActivityContext, int, CancellationToken, Task>? BeforeSquare { get; set; }

    public RetryPolicy? SquareRetry { get; set; }

    public int ExecutionsOf(string instanceId) => Executions.Where(e => e.Key.Instance == instanceId).Sum(e => e.Value);

    public static long ExpectedSum(int count) => Enumerable.Range(0, count).Sum(i => (long)i * i);

    private async Task<SquaresResult> RunAsync(IOrchestrationContext context)
    {
        var input = context.GetInput<SquaresInput>();
        context.SetCustomStatus(new Progress("plan", 0, 0));
        var items = await context.CallActivityAsync<int[]>("plan", input.Count);
        var squares = await context.FanOutAsync(
            items,
            input.MaxInFlight,
            item => context.CallActivityAsync<long>("square", item, SquareRetry),
            (done, total) => context.SetCustomStatus(new Progress("fan-out", done, total)));
        context.SetCustomStatus(new Progress("finalize", items.Length, items.Length));
        var total = await context.CallActivityAsync<long>("sum", squares);
        return new SquaresResult(total, context.CurrentUtcDateTime);
    }

    private DurableRegistry.ActivityHandler Observed(DurableRegistry.ActivityHandler inner) =>
        (input, context, cancel) =>
        {
            Executions.AddOrUpdate((context.InstanceId, context.Sequence), 1, (_, n) => n + 1);
            Inputs[(context.InstanceId, context.Sequence)] = input;
            return inner(input, context, cancel);
        };
}

internal sealed record SquaresInput(int Count, int MaxInFlight);

internal sealed record SquaresResult(long Total, DateTime FinishedAt);

internal sealed record Progress(string Phase, int Done, int Total);
