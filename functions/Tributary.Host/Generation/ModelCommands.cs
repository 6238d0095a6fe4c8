using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Generation.FraudModel;
using Tributary.Host.Cli;

namespace Tributary.Host.Generation;

/// <summary><c>model train|evaluate|predict</c>: an ML.NET fraud classifier over generated runs.</summary>
internal static class ModelCommands
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Train()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Run folder from `gen run --features` (CSV). The last batch is held out for `model evaluate`; the rest train.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write (ML.NET zip); <MODEL>.json next to it records the training batches and feature importance.", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = "fasttree (gradient-boosted trees), lightgbm, or logistic (L-BFGS logistic regression on standardised features).", DefaultValueFactory = _ => "fasttree" };
        algorithm.AcceptOnlyFromAmong("fasttree", "lightgbm", "logistic");
        var command = new Command("train", "Train a fraud classifier on generated data and show which features carry the signal.") { data, output, algorithm };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var run = await RunFolder.OpenForModelAsync(parse.GetValue(data)!, cancel);
            var indices = run.Manifest.Batches.Select(b => b.Index).ToArray();
            var training = indices.Length > 1 ? indices[..^1] : indices;
            var algo = parse.GetValue(algorithm) switch { "lightgbm" => FraudAlgorithm.LightGbm, "logistic" => FraudAlgorithm.Logistic, _ => FraudAlgorithm.FastTree };
            var rows = run.Manifest.Batches.Where(b => training.Contains(b.Index)).Sum(b => b.Rows);

            TrainedFraudModel model = null!;
            await CliAction.Progress.Status().StartAsync($"training {algo} on {rows:N0} transactions ({training.Length} batches)", _ =>
            {
                model = FraudModelTrainer.Train(run.Files(training), algo);
                return Task.CompletedTask;
            });

            var path = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var m = run.Manifest;
            FraudModelFile.Save(path, model, new FraudModelInfo(algo.ToString(), m.Seed, m.TotalCount, m.BatchSize, m.FraudRate, training, rows, model.Importance));
            PrintImportance(model.Importance);
            CliAction.Progress.MarkupLine(indices.Length > 1
                ? $"saved [bold]{Markup.Escape(path)}[/]; batch {indices[^1]} is held out for `model evaluate --data` on this folder"
                : $"saved [bold]{Markup.Escape(path)}[/]; [yellow]only one batch: evaluate on another run[/]");
            return 0;
        }));
        return command;
    }

    public static Command Evaluate()
    {
        var modelPath = new Option<FileInfo>("--model") { Description = "Model written by `model train`.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Run folder to evaluate on. Batches the model was trained on (same run) are skipped, so this is a held-out score.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the metrics as JSON to this file." };
        var command = new Command("evaluate", "Precision, recall, F1, ROC-AUC and confusion matrix on held-out batches. ROC-AUC above 0.999 is flagged as suspected label leakage.") { modelPath, data, output };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var (model, info) = LoadModel(parse.GetValue(modelPath)!);
            var run = await RunFolder.OpenForModelAsync(parse.GetValue(data)!, cancel);
            var m = run.Manifest;
            var sameRun = m.Seed == info.RunSeed && m.TotalCount == info.RunTotalCount && m.BatchSize == info.RunBatchSize && m.FraudRate.Equals(info.RunFraudRate);
            var held = m.Batches.Select(b => b.Index).Where(i => !sameRun || !info.TrainingBatches.Contains(i)).ToArray();
            if (held.Length == 0)
            {
                throw new InvalidInputException(new InputError(Path.Combine(run.Directory.FullName, "manifest.json"), 0, "batches",
                    "every batch here was used for training; evaluate on another run or generate more batches of this one"));
            }

            FraudModelMetrics metrics = null!;
            await CliAction.Progress.Status().StartAsync($"scoring {held.Length} held-out batch(es)", _ =>
            {
                metrics = FraudModelEvaluator.Evaluate(model, run.Files(held));
                return Task.CompletedTask;
            });

            var table = new Table().AddColumns("metric", "value");
            table.AddRow("held-out batches", string.Join(',', held));
            table.AddRow("rows / fraud rows", $"{metrics.Rows:N0} / {metrics.Positives:N0}");
            table.AddRow("precision", F(metrics.Precision));
            table.AddRow("recall", F(metrics.Recall));
            table.AddRow("F1", F(metrics.F1));
            table.AddRow("ROC-AUC", F(metrics.RocAuc));
            table.AddRow("PR-AUC", F(metrics.PrAuc));
            table.AddRow("confusion (TP FP / FN TN)", $"{metrics.TruePositives:N0} {metrics.FalsePositives:N0} / {metrics.FalseNegatives:N0} {metrics.TrueNegatives:N0}");
            CliAction.Progress.Write(table);
            if (metrics.SuspectedLeakage)
            {
                CliAction.Progress.MarkupLine($"[red]ROC-AUC {F(metrics.RocAuc)} > {FraudModelMetrics.LeakageAuc}: suspected label leakage[/]");
            }

            PrintImportance(info.Importance.Take(10).ToArray());
            var path = parse.GetValue(output);
            if (path is not null)
            {
                await File.WriteAllTextAsync(path.FullName, JsonSerializer.Serialize(new
                {
                    metrics.Rows, metrics.Positives, metrics.Precision, metrics.Recall, metrics.F1, roc_auc = metrics.RocAuc, pr_auc = metrics.PrAuc,
                    confusion_matrix = new { true_positives = metrics.TruePositives, false_positives = metrics.FalsePositives, true_negatives = metrics.TrueNegatives, false_negatives = metrics.FalseNegatives },
                    suspected_label_leakage = metrics.SuspectedLeakage, held_out_batches = held, info.Algorithm, top_features = info.Importance.Take(10),
                }, Json), cancel);
            }

            return 0;
        }));
        return command;
    }

    public static Command Predict()
    {
        var modelPath = new Option<FileInfo>("--model") { Description = "Model written by `model train`.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Run folder to score (every batch).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write: transaction_id, fraud_probability, predicted_is_fraud, is_fraud.", Required = true };
        var command = new Command("predict", "Score every transaction of a run with a trained model.") { modelPath, data, output };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var (model, _) = LoadModel(parse.GetValue(modelPath)!);
            var run = await RunFolder.OpenForModelAsync(parse.GetValue(data)!, cancel);
            var path = parse.GetValue(output)!.FullName;
            long rows = 0;
            await CliAction.Progress.Status().StartAsync($"scoring {run.Manifest.Batches.Sum(b => b.Rows):N0} transactions", _ =>
            {
                using var stream = File.Create(path);
                rows = FraudModelPredictor.Predict(model, run.Files(run.Manifest.Batches.Select(b => b.Index)), stream);
                return Task.CompletedTask;
            });
            CliAction.Progress.MarkupLine($"wrote {rows:N0} predictions to [bold]{Markup.Escape(path)}[/]");
            return 0;
        }));
        return command;
    }

    private static (Microsoft.ML.ITransformer Model, FraudModelInfo Info) LoadModel(FileInfo file)
    {
        try
        {
            return FraudModelFile.Load(file.FullName);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException(new InputError(file.FullName, 0, null, e.Message));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(new InputError(FraudModelFile.InfoPath(file.FullName), e.LineNumber + 1 ?? 0, e.Path, e.Message));
        }
    }

    private static void PrintImportance(IReadOnlyList<FeatureImportance> importance)
    {
        var table = new Table().AddColumns("feature", "share of importance");
        foreach (var f in importance.Take(15))
        {
            table.AddRow(f.Feature, F(f.Importance));
        }

        CliAction.Progress.Write(table);
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
