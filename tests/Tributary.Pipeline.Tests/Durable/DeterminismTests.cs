using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Replaying_a_recorded_run_issues_exactly_the_same_calls_and_returns_the_same_output()
    {
        var pipeline = new SquaresPipeline();
        var random = new Random(11);

        // Random activity latencies make calls finish out of order; numbering must still follow program order.
        pipeline.BeforeSquare = (_, _, cancel) => Task.Delay(random.Next(0, 4), cancel);
        var store = new InMemoryInstanceStore();
        var (state, recording) = await RunAndRecordAsync(store, pipeline, new SquaresInput(25, 6));

        var replay = new StrictReplayContext(state.Id, state.CreatedAt.UtcDateTime, state.Input, recording);
        var output = await OrchestrationScheduler.RunAsync(() => OrchestratorOf(pipeline)(replay));

        Assert.Equal(recording.Count, replay.CallsIssued);
        Assert.Equal(state.Output, output);
        Assert.Equal(SquaresPipeline.ExpectedSum(25), DurableJson.Deserialize<SquaresResult>(output).Total);
    }

    [Theory]
    [InlineData("clock")]
    [InlineData("guid")]
    [InlineData("io")]
    public async Task An_orchestrator_that_reads_the_clock_makes_guids_or_does_io_fails_strict_replay(string flaw)
    {
        var outside = 0;
        var registry = new DurableRegistry()
            .AddOrchestrator("flawed", async context =>
            {
                object input = flaw switch
                {
                    "clock" => DateTime.UtcNow.Ticks,
                    "guid" => Guid.NewGuid().ToString(),
                    _ => Interlocked.Increment(ref outside), // stands for reading a file or a database
                };
                return await context.CallActivityAsync<System.Text.Json.JsonElement>("echo", input);
            })
            .AddActivity("echo", (input, _, _) => Task.FromResult(input));
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, registry);
        var started = await engine.StartAsync("flawed", null, "flawed-1");
        var state = await engine.WaitForCompletionAsync(started.State.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var history = await store.GetHistoryAsync(state.Id, default);
        var recording = history.Select(r => new RecordedCall(r.Sequence, r.Name, r.Result, r.Result, r.CompletedAt)).ToList();
        await Task.Delay(2); // so the clock has certainly moved on

        var replay = new StrictReplayContext(state.Id, state.CreatedAt.UtcDateTime, state.Input, recording);
        await Assert.ThrowsAsync<NonDeterministicOrchestrationException>(() => registry.GetOrchestrator("flawed")(replay));
    }

    [Fact]
    public async Task The_engine_fails_an_instance_whose_replay_calls_a_different_activity_than_history_records()
    {
        var store = new InMemoryInstanceStore();
        var runs = 0;
        var gate = new TaskCompletionSource();
        var registry = new DurableRegistry()
            .AddOrchestrator("drifting", async context =>
            {
                // Decides from state outside the context (here: how often it ran), so its replay diverges.
                var first = Interlocked.Increment(ref runs) == 1 ? "a" : "b";
                await context.CallActivityAsync<int>(first);
                return await context.CallActivityAsync<int>("wait");
            })
            .AddActivity("a", (_, _, _) => Task.FromResult<string?>("1"))
            .AddActivity("b", (_, _, _) => Task.FromResult<string?>("2"))
            .AddActivity("wait", async (_, _, cancel) =>
            {
                await gate.Task.WaitAsync(cancel);
                return "3";
            });

        var engine = new DurableEngine(store, registry);
        await engine.StartAsync("drifting", null, "drift-1");
        await Eventually.TrueAsync(async () => (await store.GetHistoryAsync("drift-1", default)).Count == 1, "first call recorded");
        await engine.DisposeAsync();

        await using var resumed = new DurableEngine(store, registry);
        Assert.Equal(1, await resumed.ResumeAsync());
        var state = await resumed.WaitForCompletionAsync("drift-1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Equal(nameof(NonDeterministicOrchestrationException), state.Failure!.ErrorType);
        Assert.Contains("history records a", state.Failure.Message);
    }

    [Fact]
    public async Task CurrentUtcDateTime_comes_from_history_so_a_resumed_run_sees_the_original_times()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryInstanceStore();
        var gate = new TaskCompletionSource();
        var seen = new List<DateTime>();
        var registry = new DurableRegistry()
            .AddOrchestrator("clocked", async context =>
            {
                lock (seen)
                {
                    seen.Add(context.CurrentUtcDateTime);
                }

                await context.CallActivityAsync<int>("step");
                var afterStep = context.CurrentUtcDateTime;
                await context.CallActivityAsync<int>("wait");
                return afterStep;
            })
            .AddActivity("step", (_, _, _) =>
            {
                time.Advance(TimeSpan.FromMinutes(5));
                return Task.FromResult<string?>("1");
            })
            .AddActivity("wait", async (_, _, cancel) =>
            {
                await gate.Task.WaitAsync(cancel);
                return "2";
            });

        var engine = new DurableEngine(store, registry, time: time);
        await engine.StartAsync("clocked", null, "clock-1");
        await Eventually.TrueAsync(async () => (await store.GetHistoryAsync("clock-1", default)).Count == 1, "step recorded");
        await engine.DisposeAsync();

        time.Advance(TimeSpan.FromHours(3)); // the restart happens much later
        gate.SetResult();
        await using var resumed = new DurableEngine(store, registry, time: time);
        await resumed.ResumeAsync();
        var state = await resumed.WaitForCompletionAsync("clock-1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 5, 0, DateTimeKind.Utc), DurableJson.Deserialize<DateTime>(state.Output));
        Assert.Equal([new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc)], seen);
    }

    internal static async Task<(InstanceState State, List<RecordedCall> Recording)> RunAndRecordAsync(
        InMemoryInstanceStore store, SquaresPipeline pipeline, SquaresInput input)
    {
        await using var engine = new DurableEngine(store, pipeline.Registry, new DurableEngineOptions { MaxConcurrentActivities = 4 });
        var started = await engine.StartAsync(SquaresPipeline.Orchestrator, input, "recorded-1");
        var state = await engine.WaitForCompletionAsync(started.State.Id, TimeSpan.FromSeconds(20));
        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var history = await store.GetHistoryAsync(state.Id, default);
        var recording = history
            .Select(r => new RecordedCall(r.Sequence, r.Name, pipeline.Inputs[(state.Id, r.Sequence)], r.Result, r.CompletedAt))
            .ToList();
        Assert.Equal(Enumerable.Range(0, recording.Count), recording.Select(r => r.Sequence));
        return (state, recording);
    }

    private static Func<IOrchestrationContext, Task<string?>> OrchestratorOf(SquaresPipeline pipeline) =>
        pipeline.Registry.GetOrchestrator(SquaresPipeline.Orchestrator);
}
