using System.Text.Json;
using Microsoft.ML;

namespace Tributary.Generation.FraudModel;

/// <summary>What a saved model was trained on, kept next to it as <c>MODEL.json</c> so evaluation can hold out the right batches.</summary>
public sealed record FraudModelInfo(
    string Algorithm, ulong RunSeed, long RunTotalCount, int RunBatchSize, double RunFraudRate,
    IReadOnlyList<int> TrainingBatches, long TrainingRows, IReadOnlyList<FeatureImportance> Importance);

/// <summary>Saves and loads a model (ML.NET zip) with its <see cref="FraudModelInfo"/> sidecar.</summary>
public static class FraudModelFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Path of the sidecar of a model file.</summary>
    public static string InfoPath(string modelPath) => modelPath + ".json";

    /// <summary>Writes the model and its sidecar.</summary>
    public static void Save(string path, TrainedFraudModel model, FraudModelInfo info)
    {
        new MLContext().Model.Save(model.Model, model.InputSchema, path);
        File.WriteAllText(InfoPath(path), JsonSerializer.Serialize(info, Json));
    }

    /// <summary>Loads a model and its sidecar; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>.</summary>
    public static (ITransformer Model, FraudModelInfo Info) Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("model file not found", path);
        }

        ITransformer model;
        try
        {
            model = new MLContext().Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{path} is not an ML.NET model: {e.Message}", e);
        }

        var infoPath = InfoPath(path);
        if (!File.Exists(infoPath))
        {
            throw new FileNotFoundException("model info (written by `model train`) not found", infoPath);
        }

        var info = JsonSerializer.Deserialize<FraudModelInfo>(File.ReadAllText(infoPath), Json)
                   ?? throw new InvalidDataException($"{infoPath} is empty");
        return (model, info);
    }
}
