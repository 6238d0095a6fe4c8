using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;

namespace Tributary.Generation.Batches;

/// <summary>
/// Everything that determines a run's bytes: seed, total transactions, batch size, fraud and anomaly rates and mixes,
/// and the population sizes. Two runs with equal specs produce identical files, batch by batch.
/// </summary>
public sealed record GenerationRunSpec
{
    /// <summary>Output schema version written in the manifest; bump when a column changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Largest run accepted (ids have 12 digits; this keeps them and the quality bitmap bounded).</summary>
    public const long MaxTotalCount = 10_000_000_000L;

    /// <summary>Largest batch accepted (one batch is one file and one activity).</summary>
    public const int MaxBatchSize = 50_000_000;

    public ulong Seed { get; init; } = 42;
    public long TotalCount { get; init; } = 1_000_000;
    public int BatchSize { get; init; } = 100_000;

    /// <summary>Share of rows labelled fraud.</summary>
    public double FraudRate { get; init; } = 0.02;

    /// <summary>Share of rows labelled anomalous (never also fraud).</summary>
    public double AnomalyRate { get; init; } = 0.02;

    /// <summary>Share of fraud rows per pattern, indexed like <see cref="FraudCatalog.All"/>; normalised on use.</summary>
    public IReadOnlyList<double> FraudMix { get; init; } = FraudCatalog.All.Select(p => p.DefaultShare).ToArray();

    /// <summary>Share of anomalous rows per pattern, indexed like <see cref="AnomalyCatalog.All"/>; normalised on use.</summary>
    public IReadOnlyList<double> AnomalyMix { get; init; } = AnomalyCatalog.All.Select(p => p.DefaultShare).ToArray();

    public int CustomerCount { get; init; } = 20_000;
    public int MerchantCount { get; init; } = 4_000;

    /// <summary>Number of batches: the last one may be short.</summary>
    public int BatchCount => (int)((TotalCount + BatchSize - 1) / BatchSize);

    /// <summary>Problems with the spec, empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (TotalCount < 1 || TotalCount > MaxTotalCount)
        {
            problems.Add($"count must be between 1 and {MaxTotalCount:N0}, got {TotalCount}");
        }

        if (BatchSize < 100 || BatchSize > MaxBatchSize)
        {
            problems.Add($"batch size must be between 100 and {MaxBatchSize:N0}, got {BatchSize}");
        }
        else if (TotalCount / BatchSize >= 100_000)
        {
            problems.Add("a run may have at most 99,999 batches (file names have five digits); raise the batch size");
        }

        if (!(FraudRate >= 0 && FraudRate <= 0.5))
        {
            problems.Add($"fraud rate must be between 0 and 0.5, got {FraudRate}");
        }

        if (!(AnomalyRate >= 0 && AnomalyRate <= 0.5))
        {
            problems.Add($"anomaly rate must be between 0 and 0.5, got {AnomalyRate}");
        }

        CheckMix(problems, "fraud mix", FraudMix, FraudCatalog.All.Count);
        CheckMix(problems, "anomaly mix", AnomalyMix, AnomalyCatalog.All.Count);
        if (CustomerCount < 100 || CustomerCount > 10_000_000)
        {
            problems.Add($"customer count must be between 100 and 10,000,000, got {CustomerCount}");
        }

        if (MerchantCount < 1_000 || MerchantCount > 1_000_000)
        {
            problems.Add($"merchant count must be between 1,000 and 1,000,000, got {MerchantCount}");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public GenerationRunSpec Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }

    private static void CheckMix(List<string> problems, string name, IReadOnlyList<double> mix, int expected)
    {
        if (mix.Count != expected)
        {
            problems.Add($"{name} needs {expected} shares, got {mix.Count}");
        }
        else if (mix.Any(w => !(w >= 0)) || mix.Sum() <= 0)
        {
            problems.Add($"{name} shares must be non-negative and not all zero");
        }
    }
}
