using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Forecast.Evaluation;
using Tributary.Forecast.Feedback;
using Tributary.Host.Cli;

namespace Tributary.Host.Forecast;

/// <summary><c>forecast evaluate</c>: recommendations scored against a simulated market's truth, with an optional quality gate.</summary>
public static class EvaluateVerb
{
    /// <summary>Exit code when the quality gate fails.</summary>
    public const int CheckFailed = 1;

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var recommendations = new Option<FileInfo>("--recommendations") { Description = "recommendations.csv written by `forecast recommend`.", Required = true };
        var truth = new Option<FileInfo>("--truth") { Description = "truth.csv written by `forecast generate` (expected and realised demand).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Optional CSV for the figures (metric,value)." };
        var gate = new Option<double?>("--min-share-of-oracle") { Description = "Quality gate: exit 1 when the share within ±20% is below this fraction of the oracle's (the issue's bar is 0.9)." };
        var command = new Command("evaluate", "Score recommendations against the simulator's truth: share of medians within ±20% of realised demand, "
            + "the same for an oracle that knows expected demand, MAPE, bias, p10–p90 coverage and the service level achieved.\n\nExample:\n"
            + "  tributary forecast evaluate --recommendations out/recommendations.csv --truth truth.csv --min-share-of-oracle 0.9")
        {
            recommendations, truth, output, gate,
        };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var issued = IssuedRecommendations.Read(parse.GetValue(recommendations)!.FullName);
            var evaluation = TruthEvaluation.Evaluate(issued, TruthTable.Read(parse.GetValue(truth)!.FullName));
            var table = new Table().AddColumns("metric", "value");
            foreach (var (metric, value) in evaluation.Rows())
            {
                table.AddRow(metric, value);
            }

            CliAction.Progress.Write(table);
            if (parse.GetValue(output) is { } file)
            {
                evaluation.Write(file.FullName);
            }

            if (evaluation.Matched == 0)
            {
                CliAction.Error("no recommendation has a truth row (dates or series do not match the simulated market)");
                return Task.FromResult(CheckFailed);
            }

            if (parse.GetValue(gate) is { } min && !(evaluation.ShareOfOracle >= min))
            {
                CliAction.Error($"share of oracle {evaluation.ShareOfOracle.ToString("F3", CultureInfo.InvariantCulture)} is below {min.ToString(CultureInfo.InvariantCulture)}");
                return Task.FromResult(CheckFailed);
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}
