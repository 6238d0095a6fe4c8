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
}
