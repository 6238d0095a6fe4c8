using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.InMemory;

/// <summary>The in-memory store keeps the contract the Cosmos store's tests pin down, so unit tests see what production does.</summary>
public sealed class InMemoryInstanceStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_created_range_is_half_open_and_the_id_prefix_is_ordinal()
    {
        var store = new InMemoryInstanceStore();
        foreach (var (id, minute) in new[] { ("run", 0), ("run:sub-000001", 1), ("run:sub-000002", 2), ("Run:sub-000003", 3), ("runner", 4) })
        {
            await store.CreateIfAbsentAsync(new InstanceState(id, "k", RuntimeStatus.Pending, null, null, null, null, T0.AddMinutes(minute), T0), default);
        }

        var range = await store.ListAsync(new InstanceQuery(CreatedFrom: T0.AddMinutes(1), CreatedTo: T0.AddMinutes(3)), default);
        var children = await store.ListAsync(new InstanceQuery(IdPrefix: "run:sub-"), default);

        Assert.Equal(["run:sub-000002", "run:sub-000001"], range.Instances.Select(s => s.Id));
        Assert.Equal(["run:sub-000002", "run:sub-000001"], children.Instances.Select(s => s.Id));
    }

    [Fact]
    public async Task A_sequence_recorded_twice_keeps_the_record_completed_last_and_counts_each_write()
    {
        var store = new InMemoryInstanceStore();
        ActivityRecord Call(int sequence, string result, int second) => new("r", sequence, "step", result, null, T0.AddSeconds(second));

        await store.RecordAsync([Call(0, "a", 0), Call(1, "late", 5)], default);
        await store.RecordAsync([Call(1, "early", 1), Call(2, "c", 2)], default);

        var history = await store.GetHistoryAsync("r", default);
        Assert.Equal(["a", "late", "c"], history.Select(r => r.Result));
        Assert.Equal(2, store.HistoryWrites);
    }
}
