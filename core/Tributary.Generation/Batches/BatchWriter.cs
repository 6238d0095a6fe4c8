using Tributary.Generation.Anomalies;
using Tributary.Generation.Features;
using Tributary.Generation.Fraud;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Batches;

/// <summary>
/// The pipeline's entry point for one partition: generates batch i of a run and writes it to a stream.
/// Depends on (spec, i) only, so an activity can run it anywhere, retry it, and get the same bytes and SHA-256.
/// </summary>
public static class BatchWriter
{
    // Rows generated ahead of the one written: time enough for a prefetched history to arrive from memory.
    private const int Lookahead = 4;

    /// <summary>File name of batch <paramref name="index"/> in <paramref name="format"/>, e.g. <c>batch-00003.csv</c>.</summary>
    public static string FileName(int index, OutputFormat format) => $"batch-{index:D5}.{format.Extension()}";

    /// <summary>
    /// Writes batch <paramref name="batchIndex"/> to <paramref name="output"/> (left open) and returns its summary.
    /// Pass <paramref name="reference"/> when writing several batches of the same run, to build it once.
    /// <paramref name="progress"/> receives the number of rows written so far, every 65,536 rows.
    /// </summary>
    public static async Task<BatchSummary> WriteAsync(
        GenerationRunSpec spec, int batchIndex, OutputFormat format, bool features, Stream output,
        ReferenceData? reference = null, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        var slice = BatchPlan.For(spec)[batchIndex];
        reference ??= ReferenceData.For(spec);
        var generator = new TransactionGenerator(spec, reference, slice);
        var extractor = features ? new FeatureExtractor(reference) : null;
        var values = new float[FeatureCatalog.Count];
        var fraud = new long[FraudCatalog.All.Count + 1];
        var anomaly = new long[AnomalyCatalog.All.Count + 1];
        await using var hashing = new HashingStream(output);
        var writer = TransactionFileWriter.Create(format, hashing, features);
        await using (writer.ConfigureAwait(false))
        {
            // Rows are generated a few ahead of the one being written, so the feature history of each can be
            // prefetched while earlier rows are computed (the same rows in the same order: only the timing changes).
            var ahead = new Transaction[Lookahead];
            var next = 0;
            var buffered = 0;
            var more = true;
            long rows = 0;
            while (true)
            {
                while (more && buffered < Lookahead)
                {
                    ref var slot = ref ahead[(next + buffered) % Lookahead];
                    if (!generator.Next(ref slot))
                    {
                        more = false;
                        break;
                    }

                    extractor?.Prefetch(in slot);
                    buffered++;
                }

                if (buffered == 0)
                {
                    break;
                }

                var tx = ahead[next];
                next = (next + 1) % Lookahead;
                buffered--;
                extractor?.Compute(in tx, values);
                if (writer.WriteRow(in tx, values))
                {
                    await writer.FlushAsync(cancel).ConfigureAwait(false);
                }

                fraud[(int)tx.Fraud]++;
                anomaly[(int)tx.Anomaly]++;
                if ((++rows & 0xFFFF) == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    progress?.Report(rows);
                }
            }

            await writer.CompleteAsync(cancel).ConfigureAwait(false);
            await hashing.FlushAsync(cancel).ConfigureAwait(false);
            progress?.Report(rows);
            return new BatchSummary(
                slice.Index,
                FileName(slice.Index, format),
                rows,
                hashing.BytesWritten,
                hashing.Sha256Hex(),
                rows - fraud[0],
                rows - anomaly[0],
                ByLabel(fraud, i => FraudCatalog.Label((FraudType)i)),
                ByLabel(anomaly, i => AnomalyCatalog.Label((AnomalyType)i)));
        }
    }

    private static SortedDictionary<string, long> ByLabel(long[] counts, Func<int, string> label)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < counts.Length; i++)
        {
            result[label(i)] = counts[i];
        }

        return result;
    }
}
