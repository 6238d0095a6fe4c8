using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class ResumeTests
{
    [Fact]
    public async Task A_new_engine_resumes_a_crashed_fan_out_without_re_executing_completed_activities()
    {
        var store = new InMemoryInstanceStore();
        var pipeline = new SquaresPipeline();
        var crashing = new CancellationTokenSource();

        // First life: squares of 12 and above never finish, so the crash happens with the fan-out half done.
        pipeline.BeforeSquare = (_, value, cancel) => value >= 12 ? Task.Delay(Timeout.Infinite, cancel) : Task.CompletedTask;
        var first = new DurableEngine(store, pipeline.Registry, new DurableEngineOptions { MaxConcurrentActivities = 3 });
        await first.StartAsync(SquaresPipeline.Orchestrator, new SquaresInput(30, 5), "crash-1");
        await Eventually.TrueAsync(async () => (await store.GetHistoryAsync("crash-1", default)).Count == 13, "plan and 12 squares recorded");
        await first.DisposeAsync();

        var beforeCrash = (await store.GetHistoryAsync("crash-1", default)).Select(r => r.Sequence).ToHashSet();
        Assert.Equal(RuntimeStatus.Running, (await store.GetAsync("crash-1", default))!.Status);
        var executionsBeforeResume = new Dictionary<(string, int), int>(pipeline.Executions);

        pipeline.BeforeSquare = null;
        await using var second = new DurableEngine(store, pipeline.Registry, new DurableEngineOptions { MaxConcurrentActivities = 3 });
        Assert.Equal(1, await second.ResumeAsync());
        var state = await second.WaitForCompletionAsync("crash-1", TimeSpan.FromSeconds(20));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(SquaresPipeline.ExpectedSum(30), DurableJson.Deserialize<SquaresResult>(state.Output).Total);
        foreach (var sequence in beforeCrash)
        {
            Assert.Equal(executionsBeforeResume[("crash-1", sequence)], pipeline.Executions[("crash-1", sequence)]);
            Assert.Equal(1, pipeline.Executions[("crash-1", sequence)]);
        }

        // Plan + 30 squares + sum, each recorded once.
        Assert.Equal(32, (await store.GetHistoryAsync("crash-1", default)).Count);
    }

    [Fact]
    public async Task Resume_picks_up_pending_instances_and_ignores_finished_ones()
    {
        var store = new InMemoryInstanceStore();
        var pipeline = new SquaresPipeline();
        var now = DateTimeOffset.UtcNow;
        var input = DurableJson.Serialize(new SquaresInput(4, 2));
        await store.CreateIfAbsentAsync(new InstanceState("pending-1", SquaresPipeline.Orchestrator, RuntimeStatus.Pending, input, null, null, null, now, now), default);
        await store.CreateIfAbsentAsync(new InstanceState("done-1", SquaresPipeline.Orchestrator, RuntimeStatus.Completed, input, "{}", null, null, now, now), default);

        await using var engine = new DurableEngine(store, pipeline.Registry);
        Assert.Equal(1, await engine.ResumeAsync());
        var state = await engine.WaitForCompletionAsync("pending-1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(0, pipeline.ExecutionsOf("done-1"));
        Assert.Equal("{}", (await store.GetAsync("done-1", default))!.Output);
    }
}
