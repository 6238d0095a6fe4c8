using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Cli;
using Tributary.Reconciliation.Suggestions.Training;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Reconciliation;

/// <summary>
/// `recon evaluate-suggestions`: generates inputs with planted near misses (known truth), reconciles them and reports how
/// well the suggestions find them: per kind recall and precision at confidence ≥ 0.5, the reliability table, and the traps.
/// </summary>
public static class EvaluateSuggestionsVerb
{
    /// <summary>Recall the suggestions aim for, per kind, at confidence ≥ 0.5.</summary>
    public const double RecallAim = 0.9;

    /// <summary>Precision aimed for at confidence ≥ 0.5.</summary>
    public const double PrecisionAim = 0.95;

    /// <summary>Largest gap between mean confidence and observed precision in a band of at least <see cref="BandMinimum"/> suggestions.</summary>
    public const double CalibrationAim = 0.1;

    /// <summary>Bands with fewer suggestions are shown but not judged.</summary>
    public const int BandMinimum = 50;

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = $"A built-in profile or a FILE.json with a synthetic domain (one of {string.Join(", ", ReconDataGenerator.Domains)}).",
            Required = true,
        };
        var count = new Option<int>("--count") { Description = "Left records per generated input (100..1,000,000).", DefaultValueFactory = _ => 20_000 };
        var seeds = new Option<string>("--seeds")
        {
            Description = "Comma-separated generator seeds; the shipped model was fitted on 101, 102, 201 and 202, so evaluate on others.",
            DefaultValueFactory = _ => "301,302",
        };
        var rate = new Option<double>("--near-miss-rate")
        {
            Description = $"Share of left records planted as near misses (0..{ReconDataGenerator.MaxNearMissRate}).",
            DefaultValueFactory = _ => SuggestionTrial.DefaultNearMissRate,
        };
        var buckets = new Option<int>("--buckets") { Description = "Buckets per run (1..4096).", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print the evaluation as JSON instead of tables." };
        var check = new Option<bool>("--check")
        {
            Description = $"Exit 1 unless every kind reaches recall {RecallAim} and precision {PrecisionAim} and every band of {BandMinimum}+ suggestions is within {CalibrationAim} of its confidence.",
        };
        var command = new Command("evaluate-suggestions",
            "Plant near misses with known truth, reconcile, and report per kind recall and precision at confidence ≥ 0.5 and the reliability table.")
        {
            profile, count, seeds, rate, buckets, json, check,
        };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var n = parse.GetValue(count);
            if (n is < 100 or > 1_000_000)
            {
                throw new InvalidInputException(new InputError("--count", 0, null, "must be between 100 and 1000000"));
            }

            var near = parse.GetValue(rate);
            if (near is <= 0 or > ReconDataGenerator.MaxNearMissRate || double.IsNaN(near))
            {
                throw new InvalidInputException(new InputError("--near-miss-rate", 0, null, $"must be above 0 and at most {ReconDataGenerator.MaxNearMissRate}"));
            }

            var b = parse.GetValue(buckets);
            if (b is < 1 or > 4096)
            {
                throw new InvalidInputException(new InputError("--buckets", 0, null, "must be between 1 and 4096"));
            }

            var seedList = ParseSeeds(parse.GetValue(seeds)!);
            var resolved = ReconCommands.SyntheticProfile(parse.GetValue(profile)!);
            var trials = new List<SuggestionTrial>();
            CliAction.Progress.Status().Start($"reconciling {seedList.Count} generated inputs of {n:N0} {resolved.Name} records", _ =>
            {
                foreach (var seed in seedList)
                {
                    trials.Add(SuggestionTrial.Run(resolved, n, seed, near, buckets: b));
                }
            });
            var evaluation = SuggestionEvaluation.Of(trials);
            var failures = Failures(evaluation);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    profile = resolved.Name,
                    count = n,
                    seeds = seedList,
                    near_miss_rate = near,
                    kinds = evaluation.Kinds.Append(evaluation.Overall).Select(k => new
                    {
                        kind = k.Kind, planted = k.Planted, found = k.Found, suggested = k.Suggested, right = k.Right,
                        recall = Finite(k.Recall), precision = Finite(k.Precision),
                    }),
                    bands = evaluation.Bands.Select(x => new { from = x.From, to = x.To, count = x.Count, mean_confidence = x.MeanConfidence, observed_precision = x.ObservedPrecision }),
                    strangers = evaluation.Decoys,
                    strangers_confident = evaluation.DecoysConfident,
                    ambiguous = evaluation.Ambiguous,
                    ambiguous_confident = evaluation.AmbiguousConfident,
                    suggestions = evaluation.Suggestions,
                    capped_searches = evaluation.CappedSearches,
                    failures,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Print(resolved.Name, evaluation, failures);
            }

            return Task.FromResult(parse.GetValue(check) && failures.Count > 0 ? 1 : 0);
        }));
        return command;
    }

    /// <summary>Which aims an evaluation misses, in words (empty when it meets them all).</summary>
    public static List<string> Failures(SuggestionEvaluation e)
    {
        var failures = new List<string>();
        foreach (var k in e.Kinds)
        {
            if (k.Planted > 0 && k.Recall < RecallAim)
            {
                failures.Add($"{k.Kind}: recall {k.Recall:F3} < {RecallAim}");
            }

            if (k.Suggested > 0 && k.Precision < PrecisionAim)
            {
                failures.Add($"{k.Kind}: precision {k.Precision:F3} < {PrecisionAim}");
            }
        }

        foreach (var band in e.Bands.Where(x => x.Count >= BandMinimum && x.Gap > CalibrationAim))
        {
            failures.Add($"band {band.From:F1}-{band.To:F1}: observed {band.ObservedPrecision:F3} against confidence {band.MeanConfidence:F3}");
        }

        return failures;
    }

    private static List<int> ParseSeeds(string text)
    {
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            {
                throw new InvalidInputException(new InputError("--seeds", 0, null, $"'{part}' is not a whole number"));
            }

            seeds.Add(seed);
        }

        if (seeds.Count is 0 or > 100)
        {
            throw new InvalidInputException(new InputError("--seeds", 0, null, "give 1 to 100 seeds"));
        }

        return seeds;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static void Print(string profile, SuggestionEvaluation e, List<string> failures)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
        var kinds = new Table().Title($"suggestions on {profile}: confidence ≥ 0.5")
            .AddColumns("kind", "planted", "found", "suggested", "right", "recall", "precision");
        foreach (var k in e.Kinds.Append(e.Overall))
        {
            kinds.AddRow(k.Kind, $"{k.Planted:N0}", $"{k.Found:N0}", $"{k.Suggested:N0}", $"{k.Right:N0}", F(k.Recall), F(k.Precision));
        }

        var bands = new Table().Title("reliability: confidence band against observed precision")
            .AddColumns("band", "suggestions", "mean confidence", "observed precision", "gap");
        foreach (var b in e.Bands)
        {
            bands.AddRow($"{b.From:F1}-{b.To:F1}", $"{b.Count:N0}", b.Count == 0 ? "-" : F(b.MeanConfidence), b.Count == 0 ? "-" : F(b.ObservedPrecision),
                b.Count == 0 ? "-" : F(b.Gap) + (b.Count < BandMinimum ? " (few)" : ""));
        }

        CliAction.Data.Write(kinds);
        CliAction.Data.Write(bands);
        Console.WriteLine($"planted strangers (same amount, or same payer and a near amount) grouped with confidence ≥ 0.5: {e.DecoysConfident} of {e.Decoys}");
        Console.WriteLine($"ambiguous plants (two equally good candidates) suggested with confidence ≥ 0.5: {e.AmbiguousConfident} of {e.Ambiguous}");
        Console.WriteLine($"suggestions: {e.Suggestions:N0}; searches cut short by a cap: {e.CappedSearches:N0}");
        Console.WriteLine(failures.Count == 0 ? "meets every aim" : "misses: " + string.Join("; ", failures));
    }
}
