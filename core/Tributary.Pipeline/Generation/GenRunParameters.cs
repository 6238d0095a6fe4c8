using Tributary.Generation.Batches;

namespace Tributary.Pipeline.Generation;

/// <summary>A generation request: a gen-requests/&lt;name&gt;.json drop or the body's `parameters`. Absent fields keep the generator's defaults.</summary>
/// <param name="Format">csv (default), parquet or jsonl.</param>
/// <param name="Features">Also write the ML feature columns.</param>
public sealed record GenRunParameters(
    ulong? Seed = null,
    long? Count = null,
    int? BatchSize = null,
    double? FraudRate = null,
    double? AnomalyRate = null,
    int? CustomerCount = null,
    int? MerchantCount = null,
    string? Format = null,
    bool Features = false)
{
    /// <summary>Largest run the host accepts in one request.</summary>
    public const long MaxCount = Runs.InputLimits.MaxGenCount;

    /// <summary>Target partitions of a run whose request names no batch size.</summary>
    public const int TargetBatches = 32;

    /// <summary>Bounds of the batch size chosen for such a run: a batch is buffered in memory before its upload.</summary>
    public const int MinAutoBatchSize = 100_000, MaxAutoBatchSize = 1_000_000;

    /// <summary>
    /// The batch size of a run without one: about <see cref="TargetBatches"/> batches, so that the orchestration's cost
    /// (tens of milliseconds per activity on the Azure Storage backend) stays a few percent of a large run, within
    /// [<see cref="MinAutoBatchSize"/>, <see cref="MaxAutoBatchSize"/>] rows. Explicit batch sizes are kept as given, and
    /// rows depend on (seed, batch size, batch index), so a request that must match a CLI run names its batch size.
    /// </summary>
    public static int AutoBatchSize(long count) => (int)Math.Clamp((count + TargetBatches - 1) / TargetBatches, MinAutoBatchSize, MaxAutoBatchSize);

    /// <summary>The generator's spec, defaults filled in.</summary>
    public GenerationRunSpec ToSpec()
    {
        var defaults = new GenerationRunSpec();
        var count = Count ?? defaults.TotalCount;
        return defaults with
        {
            Seed = Seed ?? defaults.Seed,
            TotalCount = count,
            BatchSize = BatchSize ?? AutoBatchSize(count),
            FraudRate = FraudRate ?? defaults.FraudRate,
            AnomalyRate = AnomalyRate ?? defaults.AnomalyRate,
            CustomerCount = CustomerCount ?? defaults.CustomerCount,
            MerchantCount = MerchantCount ?? defaults.MerchantCount,
        };
    }
}
