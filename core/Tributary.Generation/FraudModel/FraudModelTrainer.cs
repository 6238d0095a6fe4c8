using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Tributary.Generation.FraudModel;

/// <summary>Classifier families offered by <c>model train</c>.</summary>
public enum FraudAlgorithm
{
    FastTree,
    LightGbm,
    Logistic,
}

/// <summary>How much one feature carries the model's signal (tree gain, or |weight| on standardised features).</summary>
public sealed record FeatureImportance(string Feature, double Importance);

/// <summary>A trained model, the schema it expects, and its feature importances (largest first).</summary>
public sealed record TrainedFraudModel(ITransformer Model, DataViewSchema InputSchema, IReadOnlyList<FeatureImportance> Importance);

/// <summary>Trains a binary fraud classifier with ML.NET on generated batches.</summary>
public static class FraudModelTrainer
{
    /// <summary>Trains on the CSV files (written with <c>--features</c>); <paramref name="seed"/> fixes ML.NET's randomness.</summary>
    public static TrainedFraudModel Train(IReadOnlyList<string> csvFiles, FraudAlgorithm algorithm, int seed = 1)
    {
        var ml = new MLContext(seed);
        var data = FraudDataLoader.Load(ml, csvFiles);
        var cached = ml.Data.Cache(data);
        switch (algorithm)
        {
            case FraudAlgorithm.FastTree:
            {
                var model = ml.BinaryClassification.Trainers
                    .FastTree(numberOfLeaves: 31, numberOfTrees: 200, minimumExampleCountPerLeaf: 20, learningRate: 0.1)
                    .Fit(cached);
                return new TrainedFraudModel(model, data.Schema, Gains(model.Model.SubModel));
            }

            case FraudAlgorithm.LightGbm:
            {
                var model = ml.BinaryClassification.Trainers
                    .LightGbm(numberOfLeaves: 31, numberOfIterations: 200, minimumExampleCountPerLeaf: 20, learningRate: 0.1)
                    .Fit(cached);
                return new TrainedFraudModel(model, data.Schema, Gains(model.Model.SubModel));
            }

            case FraudAlgorithm.Logistic:
            {
                var normalizer = ml.Transforms.NormalizeMeanVariance("Features").Fit(cached);
                var scaled = normalizer.Transform(cached);
                var logistic = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(scaled);
                var chain = new TransformerChain<ITransformer>(normalizer, logistic);
                var weights = logistic.Model.SubModel.Weights;
                return new TrainedFraudModel(chain, data.Schema, Ranked(weights.Select(w => Math.Abs((double)w)).ToArray()));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
        }
    }

    private static IReadOnlyList<FeatureImportance> Gains(TreeEnsembleModelParametersBasedOnRegressionTree trees)
    {
        var weights = default(VBuffer<float>);
        trees.GetFeatureWeights(ref weights);
        var dense = new double[FraudDataLoader.FeatureNames.Count];
        foreach (var (index, value) in weights.Items())
        {
            dense[index] = value;
        }

        return Ranked(dense);
    }

    private static IReadOnlyList<FeatureImportance> Ranked(double[] raw)
    {
        var total = raw.Sum();
        return raw.Select((v, i) => new FeatureImportance(FraudDataLoader.FeatureNames[i], total > 0 ? v / total : 0))
            .OrderByDescending(f => f.Importance)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)
            .ToArray();
    }
}
