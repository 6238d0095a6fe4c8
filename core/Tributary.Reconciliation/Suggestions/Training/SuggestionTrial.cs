using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Suggestions.Training;

/// <summary>One generated input with planted near misses, reconciled in memory: the truth and what the run suggested.</summary>
public sealed record SuggestionTrial(GeneratedData Data, RunResult Result)
{
    /// <summary>Default near-miss rate of trials: 3 % of left records.</summary>
    public const double DefaultNearMissRate = 0.03;

    /// <summary>Generates <paramref name="count"/> records for the profile's synthetic domain and reconciles them.</summary>
    public static SuggestionTrial Run(ReconciliationProfile profile, int count, int seed, double nearMissRate = DefaultNearMissRate,
        double breakRate = 0.01, int buckets = 2, SuggestionOptions? options = null)
    {
        var data = ReconDataGenerator.Generate(profile, count, seed, breakRate, nearMissRate);
        var left = Read(data, RecordSide.Left);
        var right = Read(data, RecordSide.Right);
        var result = ReconciliationRun.Reconcile(profile, left, right, buckets, suggestions: options);
        return new SuggestionTrial(data, result);
    }

    private static RecordTable Read(GeneratedData data, RecordSide side)
    {
        using var stream = new MemoryStream();
        ReconDataGenerator.WriteSide(data.Profile, side, side == RecordSide.Left ? data.Left : data.Right, stream);
        stream.Position = 0;
        return CsvRecordReader.Read(stream, data.Profile, side, side == RecordSide.Left ? "left.csv" : "right.csv");
    }

    /// <summary>The identity of a grouping for comparing with the truth: kind and both record lists.</summary>
    public static string Identity(string kind, IEnumerable<int> left, IEnumerable<int> right) =>
        $"{kind}:{string.Join(';', left.Order())}:{string.Join(';', right.Order())}";

    /// <summary>The true groupings (ambiguous plants included; decoys are not groupings).</summary>
    public HashSet<string> TrueGroupings() =>
        Data.ExpectedSuggestions.Where(e => e.Kind != ExpectedSuggestion.None).Select(e => Identity(e.Kind, e.LeftRecords, e.RightRecords)).ToHashSet();
}
