using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Starting_an_existing_id_returns_the_existing_instance_and_runs_nothing_twice()
    {
        var pipeline = new SquaresPipeline();
        var gate = new TaskCompletionSource();
        pipeline.BeforeSquare = (_, _, cancel) => gate.Task.WaitAsync(cancel);
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, pipeline.Registry);

        var first = await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(6, 6), "same-id");
        var whileRunning = await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(99, 1), "same-id");
        gate.SetResult();
        var state = await engine.WaitForCompletionAsync("same-id", TimeSpan.FromSeconds(10));
        var afterwards = await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(99, 1), "same-id");

        Assert.True(first.Created);
        Assert.False(whileRunning.Created);
        Assert.False(afterwards.Created);
        Assert.Equal(RuntimeStatus.Completed, afterwards.State.Status);
        Assert.Equal(SquaresPipeline.ExpectedSum(6), DurableJson.Deserialize<SquaresResult>(state!.Output).Total);
        Assert.All(pipeline.Executions, e => Assert.Equal(1, e.Value));
        Assert.Equal(8, pipeline.ExecutionsOf("same-id"));
    }

    [Fact]
    public async Task Terminate_stops_a_running_instance_and_schedules_no_further_activity()
    {
        var pipeline = new SquaresPipeline();
        var cancelled = 0;
        pipeline.BeforeSquare = async (_, _, cancel) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        };
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, pipeline.Registry, new DurableEngineOptions { MaxConcurrentActivities = 2 });
        await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(20, 4), "stop-me");
        await Eventually.TrueAsync(() => pipeline.ExecutionsOf("stop-me") == 3, "plan and two squares started");

        var terminated = await engine.TerminateAsync("stop-me", "operator said so");
        await Eventually.TrueAsync(() => engine.RunningCount == 0, "instance task ended");
        await Task.Delay(50);

        Assert.Equal(RuntimeStatus.Terminated, terminated!.Status);
        Assert.Equal(2, cancelled);
        Assert.Equal(3, pipeline.ExecutionsOf("stop-me"));
        var stored = await store.GetAsync("stop-me", default);
        Assert.Equal(RuntimeStatus.Terminated, stored!.Status);
        Assert.Equal("\"operator said so\"", stored.Output);
        Assert.Single(await store.GetHistoryAsync("stop-me", default));
    }

    [Fact]
    public async Task Purge_deletes_only_terminal_instances_with_their_history()
    {
        var pipeline = new SquaresPipeline();
        var gate = new TaskCompletionSource();
        pipeline.BeforeSquare = (context, _, cancel) => context.InstanceId == "busy" ? gate.Task.WaitAsync(cancel) : Task.CompletedTask;
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, pipeline.Registry);
        await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(3, 3), "done");
        await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(3, 3), "busy");
        await engine.WaitForCompletionAsync("done", TimeSpan.FromSeconds(10));

        Assert.Equal(PurgeOutcome.NotTerminal, await engine.PurgeAsync("busy"));
        Assert.Equal(PurgeOutcome.Purged, await engine.PurgeAsync("done"));
        Assert.Equal(PurgeOutcome.NotFound, await engine.PurgeAsync("done"));
        Assert.Null(await store.GetAsync("done", default));
        Assert.Empty(await store.GetHistoryAsync("done", default));
        Assert.NotNull(await store.GetAsync("busy", default));
        gate.SetResult();
    }

    [Fact]
    public async Task Custom_status_reports_progress_while_running_and_the_final_phase_at_the_end()
    {
        var pipeline = new SquaresPipeline();
        var gate = new TaskCompletionSource();
        pipeline.BeforeSquare = (_, value, cancel) => value >= 5 ? gate.Task.WaitAsync(cancel) : Task.CompletedTask;
        var store = new InMemoryInstanceStore();
        await using var engine = new DurableEngine(store, pipeline.Registry, new DurableEngineOptions { CustomStatusFlushInterval = TimeSpan.FromMilliseconds(5) });
        await engine.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(8, 8), "progress");

        await Eventually.TrueAsync(
            async () => (await store.GetAsync("progress", default))!.CustomStatus == DurableJson.Serialize(new Progress("fan-out", 5, 8)),
            "progress at 5 of 8");
        gate.SetResult();
        var state = await engine.WaitForCompletionAsync("progress", TimeSpan.FromSeconds(10));

        Assert.Equal(DurableJson.Serialize(new Progress("finalize", 8, 8)), state!.CustomStatus);
    }

    [Fact]
    public async Task List_filters_by_status_kind_and_creation_time_and_pages_with_continuation_tokens()
    {
        var store = new InMemoryInstanceStore();
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            var status = i % 2 == 0 ? RuntimeStatus.Completed : RuntimeStatus.Failed;
            await store.CreateIfAbsentAsync(new InstanceState($"i{i}", i < 5 ? "hpi" : "gen", status, null, null, null, null, t0.AddDays(i), t0.AddDays(i)), default);
        }

        await using var engine = new DurableEngine(store, new SquaresPipeline().Registry);
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await engine.ListAsync(new InstanceQuery([RuntimeStatus.Completed], "hpi", t0.AddDays(1), null, 1, continuation));
            ids.AddRange(page.Instances.Select(s => s.Id));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(["i4", "i2"], ids);
    }

    [Fact]
    public async Task Caller_ids_are_validated_and_unknown_orchestrators_rejected()
    {
        await using var engine = new DurableEngine(new InMemoryInstanceStore(), new SquaresPipeline().Registry);

        await Assert.ThrowsAsync<ArgumentException>(() => engine.StartAsync(SquaresPipeline.Orchestrator, null, "bad/id"));
        await Assert.ThrowsAsync<ArgumentException>(() => engine.StartAsync("nope", null, "ok-id"));
    }
}
