using System.Security.Cryptography;
using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Tests.Batches;

public class ReproducibleBatchTests
{
    [Theory]
    [InlineData(OutputFormat.Csv, false)]
    [InlineData(OutputFormat.Csv, true)]
    [InlineData(OutputFormat.Jsonl, true)]
    [InlineData(OutputFormat.Parquet, true)]
    public async Task Same_seed_gives_identical_bytes_and_another_seed_does_not(OutputFormat format, bool features)
    {
        var spec = RunFixtures.Spec(seed: 7, count: 6_000, batchSize: 2_000);

        var first = await RunFixtures.WriteBatch(spec, 1, format, features);
        var second = await RunFixtures.WriteBatch(spec, 1, format, features);
        var otherSeed = await RunFixtures.WriteBatch(spec with { Seed = 8 }, 1, format, features);

        Assert.True(first.Bytes.Length > 10_000);
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.NotEqual(first.Bytes, otherSeed.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.Bytes)), first.Summary.Sha256);
        Assert.Equal(first.Bytes.Length, first.Summary.Bytes);
        Assert.Equal(2_000, first.Summary.Rows);
    }

    [Fact]
    public async Task Batches_written_out_of_order_or_alone_equal_the_in_order_run()
    {
        var spec = RunFixtures.Spec(seed: 11, count: 10_500, batchSize: 3_000);
        var shared = ReferenceData.For(spec);
        var inOrder = new List<byte[]>();
        for (var i = 0; i < spec.BatchCount; i++)
        {
            inOrder.Add((await RunFixtures.WriteBatch(spec, i, features: true, reference: shared)).Bytes);
        }

        foreach (var i in new[] { 3, 1, 0, 2 })
        {
            // A fresh process would rebuild the reference data from the seed: do the same.
            var alone = await RunFixtures.WriteBatch(spec, i, features: true);
            Assert.Equal(inOrder[i], alone.Bytes);
        }

        Assert.Equal(4, spec.BatchCount);
        Assert.Equal(1_500, (await RunFixtures.WriteBatch(spec, 3)).Summary.Rows);
        Assert.NotEqual(inOrder[0], inOrder[1]);
    }

    [Fact]
    public void Plan_covers_the_count_with_full_batches_and_a_short_last_one()
    {
        var plan = BatchPlan.For(RunFixtures.Spec(1, 10_500, 3_000));

        Assert.Equal([3_000, 3_000, 3_000, 1_500], plan.Slices.Select(s => s.Count));
        Assert.Equal([0L, 3_000L, 6_000L, 9_000L], plan.Slices.Select(s => s.FirstRow));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan[4]);
        Assert.Throws<ArgumentException>(() => BatchPlan.For(RunFixtures.Spec(1, 0, 3_000)));
    }

    [Fact]
    public async Task Reference_data_depends_on_the_seed_only()
    {
        var small = RunFixtures.Spec(5, 1_000, 500);
        var large = small with { TotalCount = 900_000, BatchSize = 100_000 };
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        using var c = new MemoryStream();

        await ReferenceDataWriter.WriteCustomersAsync(ReferenceData.For(small), OutputFormat.Csv, a);
        await ReferenceDataWriter.WriteCustomersAsync(ReferenceData.For(large), OutputFormat.Csv, b);
        await ReferenceDataWriter.WriteCustomersAsync(ReferenceData.For(small with { Seed = 6 }), OutputFormat.Csv, c);

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
    }

    [Fact]
    public void Manifest_lists_each_batch_once_in_index_order_whatever_order_summaries_arrive()
    {
        var spec = RunFixtures.Spec(3, 3_000, 1_000);
        BatchSummary Summary(int i, string sha) => new(i, $"batch-{i:D5}.csv", 1_000, 10, sha, 0, 0, [], []);

        var manifest = ManifestBuilder.Build(spec, OutputFormat.Csv, false, [],
            [Summary(2, "c"), Summary(0, "a"), Summary(2, "c2"), Summary(1, "b")]);

        Assert.Equal([0, 1, 2], manifest.Batches.Select(b => b.Index));
        Assert.Equal("c2", manifest.Batches[2].Sha256);
        Assert.True(manifest.IsComplete);
        Assert.Equal(spec, manifest.ToSpec() with { FraudMix = spec.FraudMix, AnomalyMix = spec.AnomalyMix });
    }
}

/// <summary>Reference-data sizes away from the defaults, which the pipeline lets a request choose.</summary>
public class ReferenceSizeTests
{
    [Theory]
    [InlineData(2_000, 1_000, 1UL)]
    [InlineData(2_000, 1_000, 2UL)]
    [InlineData(2_000, 1_000, 42UL)]
    [InlineData(2_000, 1_000, 7UL)]
    [InlineData(100, 1_000, 5UL)]
    [InlineData(50_000, 5_000, 3UL)]
    public async Task Every_valid_customer_and_merchant_count_generates_every_batch(int customers, int merchants, ulong seed)
    {
        var spec = new GenerationRunSpec
        {
            Seed = seed, TotalCount = 40_000, BatchSize = 10_000, FraudRate = 0.02, CustomerCount = customers, MerchantCount = merchants,
        };
        Assert.Empty(spec.Problems());

        for (var i = 0; i < spec.BatchCount; i++)
        {
            var batch = await RunFixtures.WriteBatch(spec, i, features: true);
            Assert.Equal(10_000, batch.Summary.Rows);
        }
    }
}

/// <summary>The pools fraud patterns draw from are never empty, whatever the seed.</summary>
public class RolePoolTests
{
    [Fact]
    public void Small_merchant_counts_still_have_mule_payees_ordinary_payees_and_colluders_for_every_seed()
    {
        var minimumMerchants = (Tributary.Generation.Reference.MerchantCategories.Count * Tributary.Generation.Reference.Cities.Count) + 100;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var reference = new ReferenceData(seed, 100, minimumMerchants);
            Assert.True(reference.MulePayees.Length >= 2, $"seed {seed}: {reference.MulePayees.Length} mule payees");
            Assert.True(reference.OrdinaryPayees.Length >= 2, $"seed {seed}: {reference.OrdinaryPayees.Length} ordinary payees");
            Assert.True(reference.ColludingMerchants.Length >= 2, $"seed {seed}: {reference.ColludingMerchants.Length} colluders");
            Assert.DoesNotContain(reference.MulePayees[0], reference.OrdinaryPayees.ToArray());
        }
    }
}
