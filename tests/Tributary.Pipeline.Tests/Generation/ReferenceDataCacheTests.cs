using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Pipeline.Generation;

namespace Tributary.Pipeline.Tests.Generation;

public sealed class ReferenceDataCacheTests
{
    [Fact]
    public void Batches_of_one_spec_share_one_set_of_tables_and_another_seed_gets_its_own()
    {
        var cache = new ReferenceDataCache();
        var spec = new GenerationRunSpec { Seed = 8_123_001, TotalCount = 1_000, BatchSize = 500 };

        var first = cache.For(spec);
        var again = cache.For(spec with { TotalCount = 2_000 });
        var other = cache.For(spec with { Seed = 8_123_002 });

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.NotEqual(first.DailyTransactions, other.DailyTransactions);
    }

    [Fact]
    public void The_least_recently_used_tables_are_dropped_past_the_capacity()
    {
        var cache = new ReferenceDataCache(capacity: 1);
        var spec = new GenerationRunSpec { Seed = 8_123_005, TotalCount = 1_000, BatchSize = 500 };

        var first = cache.For(spec);
        cache.For(spec with { Seed = 8_123_006 });

        Assert.NotSame(first, cache.For(spec));
    }

    [Fact]
    public async Task Concurrent_batches_get_the_same_tables()
    {
        var cache = new ReferenceDataCache();
        var spec = new GenerationRunSpec { Seed = 8_123_003, TotalCount = 1_000, BatchSize = 500 };

        var tables = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.For(spec))));

        Assert.All(tables, t => Assert.Same(tables[0], t));
    }

    [Fact]
    public async Task A_batch_written_with_the_shared_tables_is_byte_identical_to_one_built_alone()
    {
        var cache = new ReferenceDataCache();
        var spec = new GenerationRunSpec { Seed = 8_123_004, TotalCount = 3_000, BatchSize = 1_000 };
        using var shared = new MemoryStream();
        using var alone = new MemoryStream();

        await BatchWriter.WriteAsync(spec, 1, OutputFormat.Csv, false, shared, cache.For(spec));
        await BatchWriter.WriteAsync(spec, 1, OutputFormat.Csv, false, alone, ReferenceData.For(spec));

        Assert.True(shared.Length > 0);
        Assert.Equal(alone.ToArray(), shared.ToArray());
    }
}
