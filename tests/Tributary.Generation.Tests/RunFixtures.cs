using Tributary.Generation.Batches;
using Tributary.Generation.Features;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Tests;

/// <summary>Small runs and helpers shared by the tests.</summary>
internal static class RunFixtures
{
    public static GenerationRunSpec Spec(ulong seed, long count, int batchSize, double fraudRate = 0.02) =>
        new() { Seed = seed, TotalCount = count, BatchSize = batchSize, FraudRate = fraudRate, CustomerCount = 5_000, MerchantCount = 1_500 };

    public static async Task<(byte[] Bytes, BatchSummary Summary)> WriteBatch(
        GenerationRunSpec spec, int index, OutputFormat format = OutputFormat.Csv, bool features = false, ReferenceData? reference = null)
    {
        using var stream = new MemoryStream();
        var summary = await BatchWriter.WriteAsync(spec, index, format, features, stream, reference);
        return (stream.ToArray(), summary);
    }

    /// <summary>Every transaction of a run, in memory, batch by batch.</summary>
    public static List<Transaction> Generate(GenerationRunSpec spec, ReferenceData reference)
    {
        var rows = new List<Transaction>((int)spec.TotalCount);
        foreach (var slice in BatchPlan.For(spec).Slices)
        {
            var generator = new TransactionGenerator(spec, reference, slice);
            var tx = default(Transaction);
            while (generator.Next(ref tx))
            {
                rows.Add(tx);
            }
        }

        return rows;
    }

    /// <summary>Features of every row of one batch.</summary>
    public static List<(Transaction Tx, float[] Features)> GenerateWithFeatures(GenerationRunSpec spec, ReferenceData reference, int batch)
    {
        var generator = new TransactionGenerator(spec, reference, BatchPlan.For(spec)[batch]);
        var extractor = new FeatureExtractor(reference);
        var rows = new List<(Transaction, float[])>();
        var tx = default(Transaction);
        while (generator.Next(ref tx))
        {
            var f = new float[FeatureCatalog.Count];
            extractor.Compute(in tx, f);
            rows.Add((tx, f));
        }

        return rows;
    }
}
