using System.CommandLine;
using System.Diagnostics;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Suggestions.Training;

namespace Tributary.Bench.Reconciliation;

/// <summary>
/// `recon-suggestions-fit`: fits the suggestion confidence model on generated data with known truth and writes the model
/// file the engine embeds. Deterministic: the same options give the same file.
/// </summary>
public static class SuggestionFitCommand
{
    /// <summary>The profiles the shipped model is fitted on; the custom examples (payroll, marketplace, claims) are held out.</summary>
    public static IReadOnlyList<string> TrainingProfiles { get; } = ["trades", "inventory", "pos", "payments"];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Model file to write.",
            DefaultValueFactory = _ => "core/Tributary.Reconciliation/Suggestions/Model/suggestion-model.json",
        };
        var count = new Option<int>("--count") { Description = "Left records per generated input.", DefaultValueFactory = _ => 20_000 };
        var rate = new Option<double>("--near-miss-rate")
        {
            Description = "Share of left records with a planted near miss.",
            DefaultValueFactory = _ => SuggestionTrial.DefaultNearMissRate,
        };
        var command = new Command("recon-suggestions-fit",
            "Fit the reconciliation suggestion model (logistic weights on seeds 101-102, isotonic calibration on 201-202) on trades, inventory, pos and payments.")
        {
            output, count, rate,
        };
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var plan = new SuggestionFitting.Plan(TrainingProfiles.Select(BuiltInProfiles.Get).ToList(), [101, 102], [201, 202],
                parse.GetValue(count), parse.GetValue(rate));
            var model = SuggestionFitting.Fit(plan, Console.Error.WriteLine);
            model.Provenance!["fitted_by"] = "dotnet run -c Release --project bench/Tributary.Bench -- recon-suggestions-fit";
            var path = parse.GetValue(output)!;
            using (var stream = File.Create(path))
            {
                model.Write(stream);
            }

            Console.WriteLine($"wrote {path} in {clock.Elapsed.TotalSeconds:F0} s");
            return 0;
        });
        return command;
    }
}
