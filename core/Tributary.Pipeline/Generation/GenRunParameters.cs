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
    public const long MaxCount = 100_000_000;

    /// <summary>The generator's spec, defaults filled in.</summary>
    public GenerationRunSpec ToSpec()
    {
        var defaults = new GenerationRunSpec();
        return defaults with
        {
            Seed = Seed ?? defaults.Seed,
            TotalCount = Count ?? defaults.TotalCount,
            BatchSize = BatchSize ?? defaults.BatchSize,
            FraudRate = FraudRate ?? defaults.FraudRate,
            AnomalyRate = AnomalyRate ?? defaults.AnomalyRate,
            CustomerCount = CustomerCount ?? defaults.CustomerCount,
            MerchantCount = MerchantCount ?? defaults.MerchantCount,
        };
    }
}
