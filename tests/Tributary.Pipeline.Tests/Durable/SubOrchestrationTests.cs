using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class SubOrchestrationTests
{
    [Fact]
    public async Task Children_keep_each_history_small_resume_after_a_crash_and_are_purged_with_the_parent()
    {
        var store = new InMemoryInstanceStore();
        var executions = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var block = true;
        var registry = new DurableRegistry()
            .AddOrchestrator("parent", async context =>
            {
                var chunks = Enumerable.Range(0, 4).Select(c => Enumerable.Range(c * 10, 10).ToArray()).ToArray();
                var sums = await context.FanOutAsync(chunks, 2, chunk => context.CallSubOrchestratorAsync<long>("chunk", chunk));
                return sums.Sum();
            })
            .AddOrchestrator("chunk", async context =>
            {
                var items = context.GetInput<int[]>();
                var values = await context.FanOutAsync(items, 4, i => context.CallActivityAsync<long>("twice", i));
                return values.Sum();
            })
            .AddActivity<int, long>("twice", async (i, _, cancel) =>
            {
                if (block && i >= 25)
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }

                executions.AddOrUpdate(i, 1, (_, n) => n + 1);
                return 2L * i;
            });

        var first = new DurableEngine(store, registry);
        await first.StartAsync("parent", null, "big");
        await Eventually.TrueAsync(() => executions.Count == 25, "25 items done");
        await first.DisposeAsync();

        block = false;
        await using var second = new DurableEngine(store, registry);
        await second.ResumeAsync();
        var state = await second.WaitForCompletionAsync("big", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(2L * Enumerable.Range(0, 40).Sum(), DurableJson.Deserialize<long>(state.Output));
        Assert.All(executions, e => Assert.Equal(1, e.Value));
        Assert.Equal(4, (await store.GetHistoryAsync("big", default)).Count);
        var child = await store.GetAsync("big:sub-000000", default);
        Assert.Equal(RuntimeStatus.Completed, child!.Status);
        Assert.Equal(10, (await store.GetHistoryAsync(child.Id, default)).Count);

        Assert.Equal(PurgeOutcome.Purged, await second.PurgeAsync("big"));
        Assert.Null(await store.GetAsync("big:sub-000000", default));
        Assert.Null(await store.GetAsync("big:sub-000003", default));
    }

    [Fact]
    public async Task Purging_a_terminated_parent_also_deletes_the_children_the_terminate_cut_short()
    {
        var store = new InMemoryInstanceStore();
        var started = 0;
        var registry = new DurableRegistry()
            .AddOrchestrator("parent", async context =>
            {
                var done = await context.CallSubOrchestratorAsync<int>("child", 0);
                var sums = await context.FanOutAsync([1, 2], 2, i => context.CallSubOrchestratorAsync<int>("child", i));
                return done + sums.Sum();
            })
            .AddOrchestrator("child", async context => await context.CallActivityAsync<int>("wait", context.GetInput<int>()))
            .AddActivity<int, int>("wait", async (i, _, cancel) =>
            {
                Interlocked.Increment(ref started);
                if (i > 0)
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }

                return i;
            });
        await using var engine = new DurableEngine(store, registry);

        await engine.StartAsync("parent", null, "cut");
        await Eventually.TrueAsync(() => Volatile.Read(ref started) == 3, "both blocked children running");
        await engine.TerminateAsync("cut", "enough");
        await Eventually.TrueAsync(async () => (await store.GetAsync("cut:sub-000002", default))?.Status == RuntimeStatus.Terminated, "second child terminated");
        await Eventually.TrueAsync(async () => (await store.GetAsync("cut:sub-000001", default))?.Status == RuntimeStatus.Terminated, "first child terminated");

        // Only the finished child has its record in the parent's history; the two cut short have none.
        Assert.Equal([0], (await store.GetHistoryAsync("cut", default)).Select(r => r.Sequence));
        await store.CreateIfAbsentAsync((await store.GetAsync("cut", default))! with { Id = "cutter", ETag = null }, default);

        Assert.Equal(PurgeOutcome.Purged, await engine.PurgeAsync("cut"));
        Assert.Null(await store.GetAsync("cut:sub-000000", default));
        Assert.Null(await store.GetAsync("cut:sub-000001", default));
        Assert.Null(await store.GetAsync("cut:sub-000002", default));
        Assert.Empty(await store.GetHistoryAsync("cut:sub-000000", default));

        // A sibling whose id merely starts the same way is not a child.
        Assert.NotNull(await store.GetAsync("cutter", default));
    }
}
