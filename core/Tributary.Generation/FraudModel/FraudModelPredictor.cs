using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Tributary.Generation.FraudModel;

/// <summary>Applies a model to files and streams one CSV line per transaction: id, fraud probability, predicted and actual label.</summary>
public static class FraudModelPredictor
{
    /// <summary>Writes <c>transaction_id,fraud_probability,predicted_is_fraud,is_fraud</c> rows; returns the row count.</summary>
    public static long Predict(ITransformer model, IReadOnlyList<string> csvFiles, Stream output, int seed = 1)
    {
        var ml = new MLContext(seed);
        var scored = model.Transform(FraudDataLoader.Load(ml, csvFiles));
        using var writer = new StreamWriter(output, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("transaction_id,fraud_probability,predicted_is_fraud,is_fraud");
        long rows = 0;
        foreach (var row in ml.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: true))
        {
            writer.Write(row.TransactionId);
            writer.Write(',');
            writer.Write(row.Probability.ToString("0.######", CultureInfo.InvariantCulture));
            writer.Write(row.PredictedLabel ? ",1," : ",0,");
            writer.WriteLine(row.Label ? '1' : '0');
            rows++;
        }

        return rows;
    }

    /// <summary>The columns read back from a scored view.</summary>
    private sealed class ScoredRow
    {
        public string TransactionId { get; set; } = string.Empty;
        public bool Label { get; set; }
        public bool PredictedLabel { get; set; }
        public float Probability { get; set; }
    }
}
