using System.Collections.Concurrent;
using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Calls_that_complete_while_a_history_write_is_in_flight_go_together_in_the_next_write()
    {
        var store = new GatedInstanceStore();
        var executed = new ConcurrentDictionary<int, int>();
        var registry = new DurableRegistry()
            .AddOrchestrator("wave", async context =>
            {
                var results = await context.FanOutAsync(Enumerable.Range(0, 10).ToList(), 10, i => context.CallActivityAsync<int>("echo", i));
                return results.Sum();
            })
            .AddActivity<int, int>("echo", (i, _, _) =>
            {
                executed.AddOrUpdate(i, 1, (_, n) => n + 1);
                return Task.FromResult(i);
            });
        await using var engine = new DurableEngine(store, registry, new DurableEngineOptions { MaxConcurrentActivities = 10 });

        await engine.StartAsync("wave", null, "wave-1");
        await Eventually.TrueAsync(() => store.FirstWriteStarted && executed.Count == 10, "first write started and all 10 calls executed");
        store.Open();
        var state = await engine.WaitForCompletionAsync("wave-1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(45, DurableJson.Deserialize<int>(state.Output));
        Assert.Equal([1, 9], store.WriteSizes);
        Assert.Equal(Enumerable.Range(0, 10), (await store.GetHistoryAsync("wave-1", default)).Select(r => r.Sequence));
        Assert.All(executed.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_result_reaches_the_orchestrator_only_after_its_history_write_succeeded()
    {
        var store = new GatedInstanceStore { FirstWriteFailure = new IOException("history write refused") };
        var calls = new ConcurrentQueue<string>();
        var registry = new DurableRegistry()
            .AddOrchestrator("steps", async context =>
            {
                var first = await context.CallActivityAsync<string>("step", "a");
                return first + await context.CallActivityAsync<string>("step", "b");
            })
            .AddActivity<string, string>("step", (s, _, _) =>
            {
                calls.Enqueue(s);
                return Task.FromResult(s);
            });
        await using var engine = new DurableEngine(store, registry);

        await engine.StartAsync("steps", null, "steps-1");
        var state = await engine.WaitForCompletionAsync("steps-1", TimeSpan.FromSeconds(10));

        // Had "a" been delivered before its record was stored, "b" would have run on an unrecorded result.
        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Contains("history write refused", state.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], calls);
        Assert.Empty(await store.GetHistoryAsync("steps-1", default));
    }

    [Fact]
    public async Task Large_results_are_split_across_writes_so_no_write_outgrows_a_document()
    {
        var store = new GatedInstanceStore();
        var big = HistoryBatch.MaxCharsPerWrite * 2 / 3;
        var executed = 0;
        var registry = new DurableRegistry()
            .AddOrchestrator("big", async context =>
            {
                var sizes = await context.FanOutAsync([big, big, big], 3, n => context.CallActivityAsync<string>("fill", n));
                return sizes.Sum(s => s.Length);
            })
            .AddActivity<int, string>("fill", (n, _, _) =>
            {
                Interlocked.Increment(ref executed);
                return Task.FromResult(new string('x', n));
            });
        await using var engine = new DurableEngine(store, registry, new DurableEngineOptions { MaxConcurrentActivities = 3 });

        await engine.StartAsync("big", null, "big-1");
        await Eventually.TrueAsync(() => store.FirstWriteStarted && Volatile.Read(ref executed) == 3, "first write started and all 3 calls executed");
        store.Open();
        var state = await engine.WaitForCompletionAsync("big-1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        Assert.Equal(3 * big, DurableJson.Deserialize<int>(state.Output));

        // Two results queued behind the first write, but together they exceed what one write may carry.
        Assert.Equal([1, 1, 1], store.WriteSizes);
        Assert.Equal(3, (await store.GetHistoryAsync("big-1", default)).Count);
    }
}
