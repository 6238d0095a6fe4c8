using Microsoft.ML;

namespace Tributary.Generation.FraudModel;

/// <summary>Held-out metrics of a fraud model. <see cref="SuspectedLeakage"/> flags ROC-AUC above 0.999.</summary>
public sealed record FraudModelMetrics(
    long Rows, long Positives, double Precision, double Recall, double F1, double RocAuc, double PrAuc,
    long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>ROC-AUC above which the labels are suspected to leak into the features.</summary>
    public const double LeakageAuc = 0.999;

    /// <summary>True when the model is too good to be true: some feature probably encodes the label.</summary>
    public bool SuspectedLeakage => RocAuc > LeakageAuc;
}

/// <summary>Evaluates a model on held-out files at the 0.5 probability threshold.</summary>
public static class FraudModelEvaluator
{
    /// <summary>Scores the files and computes precision, recall, F1, ROC-AUC, PR-AUC and the confusion matrix.</summary>
    public static FraudModelMetrics Evaluate(ITransformer model, IReadOnlyList<string> csvFiles, int seed = 1)
    {
        var ml = new MLContext(seed);
        var scored = model.Transform(FraudDataLoader.Load(ml, csvFiles));
        var m = ml.BinaryClassification.Evaluate(scored);
        var confusion = m.ConfusionMatrix.Counts; // rows: actual positive, actual negative; columns: predicted positive, negative
        var tp = (long)confusion[0][0];
        var fn = (long)confusion[0][1];
        var fp = (long)confusion[1][0];
        var tn = (long)confusion[1][1];
        return new FraudModelMetrics(
            tp + fn + fp + tn, tp + fn, Finite(m.PositivePrecision), Finite(m.PositiveRecall), Finite(m.F1Score),
            Finite(m.AreaUnderRocCurve), Finite(m.AreaUnderPrecisionRecallCurve), tp, fp, tn, fn);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
