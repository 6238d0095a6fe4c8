using Microsoft.ML;
using Microsoft.ML.Data;
using Tributary.Generation.Features;
using Tributary.Generation.Output;

namespace Tributary.Generation.FraudModel;

/// <summary>
/// Loads generated CSV batches (written with features) as an ML.NET data view: <c>Label</c> from <c>is_fraud</c>,
/// <c>Features</c> = the 69 feature columns, and <c>TransactionId</c>. Streams from disk; nothing is loaded whole.
/// The labels' descriptive columns (fraud_type, anomaly_type, status text) are never features.
/// </summary>
public static class FraudDataLoader
{
    private static readonly int LabelIndex = IndexOf("is_fraud");
    private static readonly int FirstFeature = TransactionSchema.BaseColumns.Count;

    /// <summary>Names of the feature slots, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = FeatureCatalog.All.Select(f => f.Name).ToArray();

    /// <summary>A lazy view over the given CSV files.</summary>
    public static IDataView Load(MLContext ml, IReadOnlyList<string> csvFiles)
    {
        var loader = ml.Data.CreateTextLoader(
            [
                new TextLoader.Column("TransactionId", DataKind.String, 0),
                new TextLoader.Column("Label", DataKind.Boolean, LabelIndex),
                new TextLoader.Column("Features", DataKind.Single, FirstFeature, FirstFeature + FeatureCatalog.Count - 1),
            ],
            separatorChar: ',',
            hasHeader: true);
        return loader.Load(new MultiFileSource(csvFiles.ToArray()));
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < TransactionSchema.BaseColumns.Count; i++)
        {
            if (TransactionSchema.BaseColumns[i].Name == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"schema has no column {column}");
    }
}
