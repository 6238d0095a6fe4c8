using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class HistoryBatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_calls_get_the_same_id_in_any_order_and_other_calls_another()
    {
        var id = HistoryBatch.DocumentId([Call(5), Call(9), Call(7)]);

        Assert.Equal(id, HistoryBatch.DocumentId([Call(9), Call(7), Call(5)]));
        Assert.StartsWith("run|000005|", id, StringComparison.Ordinal);
        Assert.NotEqual(id, HistoryBatch.DocumentId([Call(5), Call(9)]));
        Assert.NotEqual(id, HistoryBatch.DocumentId([Call(5), Call(7), Call(9), Call(11)]));
        Assert.NotEqual(HistoryBatch.DocumentId([Call(5)]), HistoryBatch.DocumentId([Call(5, instanceId: "other")]));
    }

    [Fact]
    public void A_write_belongs_to_exactly_one_instance()
    {
        Assert.Equal("run", HistoryBatch.InstanceOf([Call(0), Call(1)]));
        var mixed = Assert.Throws<ArgumentException>(() => HistoryBatch.InstanceOf([Call(0), Call(1) with { InstanceId = "other" }]));
        Assert.Contains("'other'", mixed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HistoryBatch.InstanceOf([]));
    }

    [Fact]
    public void Merge_keeps_one_record_per_sequence_the_one_completed_last_in_order()
    {
        var merged = HistoryBatch.Merge([Call(3), Call(1, "first"), Call(0), Call(1, "again", seconds: 10), Call(2)]);

        Assert.Equal([0, 1, 2, 3], merged.Select(r => r.Sequence));
        Assert.Equal("again", merged[1].Result);
    }

    private static ActivityRecord Call(int sequence, string result = "r", int seconds = 0, string instanceId = "run") =>
        new(instanceId, sequence, "step", result, null, T0.AddSeconds(seconds));
}
