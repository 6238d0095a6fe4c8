using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;
using Tributary.Generation.Output;

namespace Tributary.Generation.Batches;

/// <summary>
/// manifest.json of a run: the parameters that reproduce it, the schema version, and every file with its row count
/// and SHA-256. Holds no clock time, so the manifest of a run is itself reproducible.
/// </summary>
public sealed record RunManifest
{
    public int SchemaVersion { get; init; } = GenerationRunSpec.SchemaVersion;
    public string Generator { get; init; } = "tributary-gen";
    public ulong Seed { get; init; }
    public long TotalCount { get; init; }
    public int BatchSize { get; init; }
    public int BatchCount { get; init; }
    public double FraudRate { get; init; }
    public double AnomalyRate { get; init; }
    public SortedDictionary<string, double> FraudMix { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, double> AnomalyMix { get; init; } = new(StringComparer.Ordinal);
    public int CustomerCount { get; init; }
    public int MerchantCount { get; init; }
    public string Format { get; init; } = "csv";
    public bool Features { get; init; }
    public IReadOnlyList<FileSummary> ReferenceFiles { get; init; } = [];
    public IReadOnlyList<BatchSummary> Batches { get; init; } = [];

    /// <summary>True when every batch of the plan is listed.</summary>
    [JsonIgnore]
    public bool IsComplete => Batches.Count == BatchCount;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The spec this manifest was generated from.</summary>
    public GenerationRunSpec ToSpec() => new()
    {
        Seed = Seed,
        TotalCount = TotalCount,
        BatchSize = BatchSize,
        FraudRate = FraudRate,
        AnomalyRate = AnomalyRate,
        FraudMix = FraudCatalog.All.Select(p => FraudMix.GetValueOrDefault(p.Label)).ToArray(),
        AnomalyMix = AnomalyCatalog.All.Select(p => AnomalyMix.GetValueOrDefault(p.Label)).ToArray(),
        CustomerCount = CustomerCount,
        MerchantCount = MerchantCount,
    };

    /// <summary>The output format recorded in the manifest.</summary>
    public OutputFormat OutputFormat =>
        OutputFormats.TryParse(Format, out var f) ? f : throw new InvalidDataException($"unknown format '{Format}' in manifest");

    /// <summary>Serializes to indented JSON (snake_case keys).</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancel = default) =>
        await JsonSerializer.SerializeAsync(output, this, Json, cancel).ConfigureAwait(false);

    /// <summary>Reads a manifest; throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static async Task<RunManifest> ReadAsync(Stream input, CancellationToken cancel = default) =>
        await JsonSerializer.DeserializeAsync<RunManifest>(input, Json, cancel).ConfigureAwait(false)
        ?? throw new JsonException("manifest is empty");
}

/// <summary>Builds a <see cref="RunManifest"/> from the summaries the batch activities returned (the fan-in step).</summary>
public static class ManifestBuilder
{
    /// <summary>
    /// Combines run parameters, reference files and batch summaries. Summaries may arrive in any order and may repeat
    /// (a retried activity); the manifest lists each batch once, by index.
    /// </summary>
    public static RunManifest Build(
        GenerationRunSpec spec, OutputFormat format, bool features, IEnumerable<FileSummary> referenceFiles,
        IEnumerable<BatchSummary> batches)
    {
        var fraudTotal = spec.FraudMix.Sum();
        var anomalyTotal = spec.AnomalyMix.Sum();
        return new RunManifest
        {
            Seed = spec.Seed,
            TotalCount = spec.TotalCount,
            BatchSize = spec.BatchSize,
            BatchCount = spec.BatchCount,
            FraudRate = spec.FraudRate,
            AnomalyRate = spec.AnomalyRate,
            FraudMix = new SortedDictionary<string, double>(
                FraudCatalog.All.Select((p, i) => (p.Label, Share: Math.Round(spec.FraudMix[i] / fraudTotal, 6)))
                    .ToDictionary(x => x.Label, x => x.Share), StringComparer.Ordinal),
            AnomalyMix = new SortedDictionary<string, double>(
                AnomalyCatalog.All.Select((p, i) => (p.Label, Share: Math.Round(spec.AnomalyMix[i] / anomalyTotal, 6)))
                    .ToDictionary(x => x.Label, x => x.Share), StringComparer.Ordinal),
            CustomerCount = spec.CustomerCount,
            MerchantCount = spec.MerchantCount,
            Format = format.Extension(),
            Features = features,
            ReferenceFiles = referenceFiles.OrderBy(f => f.File, StringComparer.Ordinal).ToArray(),
            Batches = batches.GroupBy(b => b.Index).Select(g => g.Last()).OrderBy(b => b.Index).ToArray(),
        };
    }

    /// <summary>True when two manifests describe the same run (so batches from both can be merged).</summary>
    public static bool SameRun(RunManifest a, RunManifest b) =>
        a.SchemaVersion == b.SchemaVersion && a.Seed == b.Seed && a.TotalCount == b.TotalCount && a.BatchSize == b.BatchSize &&
        a.FraudRate.Equals(b.FraudRate) && a.AnomalyRate.Equals(b.AnomalyRate) && a.Format == b.Format &&
        a.Features == b.Features && a.CustomerCount == b.CustomerCount && a.MerchantCount == b.MerchantCount &&
        a.FraudMix.SequenceEqual(b.FraudMix) && a.AnomalyMix.SequenceEqual(b.AnomalyMix);
}
