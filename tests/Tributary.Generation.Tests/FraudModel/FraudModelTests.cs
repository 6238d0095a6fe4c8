using Tributary.Generation.FraudModel;
using Tributary.Generation.Output;

namespace Tributary.Generation.Tests.FraudModel;

/// <summary>
/// The data is learnable without leaking labels. The issue asks for 200k training rows; that takes ~15 s of FastTree on
/// this 2-core machine, so the test trains on 45k and docs/generation.md records the 200k run (same seed family).
/// </summary>
public class FraudModelTests
{
    [Fact]
    public async Task A_model_trained_on_generated_data_scores_well_on_a_held_out_batch_without_leakage()
    {
        using var run = await TempRun.WriteAsync(RunFixtures.Spec(5, 60_000, 15_000, 0.03), OutputFormat.Csv, features: true);
        var files = run.Manifest.Batches.Select(b => run.Path(b.File)).ToArray();

        var model = FraudModelTrainer.Train(files[..3], FraudAlgorithm.FastTree);
        var metrics = FraudModelEvaluator.Evaluate(model.Model, files[3..]);

        Assert.True(metrics.RocAuc >= 0.9, $"ROC-AUC {metrics.RocAuc:F4}");
        Assert.False(metrics.SuspectedLeakage, $"ROC-AUC {metrics.RocAuc:F4}");
        Assert.Equal(15_000, metrics.Rows);
        Assert.Equal(run.Manifest.Batches[3].FraudRows, metrics.Positives);
        Assert.Equal(metrics.Rows, metrics.TruePositives + metrics.FalsePositives + metrics.TrueNegatives + metrics.FalseNegatives);
        Assert.Equal(69, model.Importance.Count);
        Assert.InRange(model.Importance.Sum(f => f.Importance), 0.999, 1.001);

        using var predictions = new MemoryStream();
        var rows = FraudModelPredictor.Predict(model.Model, files[3..], predictions);
        Assert.Equal(15_000, rows);
        var lines = System.Text.Encoding.UTF8.GetString(predictions.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("transaction_id,fraud_probability,predicted_is_fraud,is_fraud", lines[0]);
        Assert.Equal(metrics.TruePositives + metrics.FalsePositives, lines.Skip(1).Count(l => l.Split(',')[2] == "1"));
    }

    [Fact]
    public async Task A_model_saved_and_loaded_gives_the_same_metrics()
    {
        using var run = await TempRun.WriteAsync(RunFixtures.Spec(6, 20_000, 10_000, 0.05), OutputFormat.Csv, features: true);
        var files = run.Manifest.Batches.Select(b => run.Path(b.File)).ToArray();
        var model = FraudModelTrainer.Train(files[..1], FraudAlgorithm.Logistic);
        var path = run.Path("model.zip");
        FraudModelFile.Save(path, model, new FraudModelInfo("Logistic", 6, 20_000, 10_000, 0.05, [0], 10_000, model.Importance));

        var (loaded, info) = FraudModelFile.Load(path);

        Assert.Equal(FraudModelEvaluator.Evaluate(model.Model, files[1..]), FraudModelEvaluator.Evaluate(loaded, files[1..]));
        Assert.Equal([0], info.TrainingBatches);
        Assert.Equal(model.Importance[0], info.Importance[0]);
    }
}
