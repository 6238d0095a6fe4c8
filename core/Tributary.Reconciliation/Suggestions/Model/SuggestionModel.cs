using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Reconciliation.Suggestions.Model;

/// <summary>
/// The fitted confidence model: logistic weights over <see cref="EvidenceFeatures"/> (one set for one-to-one pairs, one
/// for groups) and an isotonic calibration map per family from the competition-adjusted score to the observed share of
/// right suggestions. Fitted on generated data with known truth by a reproducible command (docs/reconciliation.md) and
/// shipped as an embedded resource (Suggestions/Model/suggestion-model.json).
/// </summary>
public sealed class SuggestionModel
{
    private static readonly Lazy<SuggestionModel> Shipped = new(() =>
    {
        const string resource = "Tributary.Reconciliation.Suggestions.Model.suggestion-model.json";
        using var stream = typeof(SuggestionModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing embedded resource {resource}");
        return Read(stream);
    });

    /// <summary>JSON settings of the model file.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The model shipped with the engine.</summary>
    public static SuggestionModel Default => Shipped.Value;

    /// <summary>Feature names the weights are in the order of.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Logistic weights for one-to-one pairs.</summary>
    public required double[] PairWeights { get; init; }

    /// <summary>Logistic weights for one-to-many and many-to-one groups.</summary>
    public required double[] GroupWeights { get; init; }

    /// <summary>Isotonic map for one-to-one suggestions: (score, share right) points, both non-decreasing.</summary>
    public required double[][] PairCalibration { get; init; }

    /// <summary>Isotonic map for groups.</summary>
    public required double[][] GroupCalibration { get; init; }

    /// <summary>
    /// Isotonic map for near ties: from the score a tie gets as one option to the observed share of ties one of whose
    /// groupings was right. Empty in a model fitted before near ties were calibrated apart (the identity then).
    /// </summary>
    public double[][] TieCalibration { get; init; } = [];

    /// <summary>How and on what the model was fitted (command, domains, seeds, counts).</summary>
    public Dictionary<string, string>? Provenance { get; init; }

    /// <summary>The log-odds that the grouping is right, before competition.</summary>
    public double Logit(SuggestionKind kind, ReadOnlySpan<double> features)
    {
        var w = kind == SuggestionKind.OneToOne ? PairWeights : GroupWeights;
        double s = 0;
        for (var i = 0; i < w.Length; i++)
        {
            s += w[i] * features[i];
        }

        return s;
    }

    /// <summary>The calibrated confidence for a competition-adjusted score in [0, 1].</summary>
    public double Calibrate(SuggestionKind kind, double score) =>
        Interpolate(kind == SuggestionKind.OneToOne ? PairCalibration : GroupCalibration, score);

    /// <summary>The calibrated probability that one of a near tie's groupings is right, from the tie's pooled score.</summary>
    public double CalibrateTie(double score) => Interpolate(TieCalibration, score);

    /// <summary>Piecewise-linear through the points, flat beyond the ends; the identity when there are none.</summary>
    public static double Interpolate(double[][] points, double x)
    {
        if (points.Length == 0)
        {
            return x;
        }

        if (x <= points[0][0])
        {
            return points[0][1];
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (x <= points[i][0])
            {
                var (x0, y0, x1, y1) = (points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]);
                return x1 <= x0 ? y1 : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
            }
        }

        return points[^1][1];
    }

    /// <summary>Reads and checks a model file.</summary>
    public static SuggestionModel Read(Stream stream)
    {
        var model = JsonSerializer.Deserialize<SuggestionModel>(stream, JsonOptions) ?? throw new InvalidDataException("empty suggestion model");
        if (!model.Features.SequenceEqual(EvidenceFeatures.Names) || model.PairWeights.Length != EvidenceFeatures.Count
            || model.GroupWeights.Length != EvidenceFeatures.Count)
        {
            throw new InvalidDataException("the suggestion model's features are not the engine's: refit it (docs/reconciliation.md)");
        }

        return model;
    }

    /// <summary>Writes the model file.</summary>
    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, JsonOptions);
}
