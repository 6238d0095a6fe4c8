using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Cli;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Summary;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Reconciliation;

/// <summary>The `recon` verbs: generate test data with planted breaks, run a reconciliation, and list and move the breaks a host's runs found.</summary>
public static class ReconCommands
{
    /// <summary>The `recon` command with its subcommands.</summary>
    public static Command Create()
    {
        var recon = new Command("recon", "Reconcile two records of the same reality (trades, positions, inventory, POS payouts) and classify every break.");
        recon.Subcommands.Add(Generate());
        recon.Subcommands.Add(Run());
        recon.Subcommands.Add(EvaluateSuggestionsVerb.Create());
        recon.Subcommands.Add(BreaksVerb.Create());
        recon.Subcommands.Add(MoveVerb.Create());
        recon.Subcommands.Add(SuggestionsVerb.Create());
        recon.Subcommands.Add(DecideVerb.Create(accept: true));
        recon.Subcommands.Add(DecideVerb.Create(accept: false));
        return recon;
    }

    private static Command Generate()
    {
        var profile = new Option<string>("--profile")
        {
            Description = $"Profile to generate for: a built-in one ({string.Join(", ", BuiltInProfiles.Names)}) or a FILE.json whose name has a synthetic domain (payroll, marketplace, claims, subscriptions: the example profiles in docs/examples).",
            Required = true,
        };
        var count = new Option<int>("--count") { Description = $"Left records to generate (1..{ReconDataGenerator.MaxCount}).", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for left.csv, right.csv and expected_breaks.csv (created if missing).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 42 };
        var rate = new Option<double>("--break-rate")
        {
            Description = "Share of records with a planted break (0..0.5). Every break type the profile knows is planted at least once.",
            DefaultValueFactory = _ => 0.01,
        };
        var nearMisses = new Option<double>("--near-miss-rate")
        {
            Description = $"Share of records planted as near misses (0..{ReconDataGenerator.MaxNearMissRate}): pairs and groups no pass matches, with their truth in expected_suggestions.csv.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("generate", "Write left.csv, right.csv and expected_breaks.csv with planted breaks of every type the profile knows (and expected_suggestions.csv with --near-miss-rate).")
        {
            profile, count, output, seed, rate, nearMisses,
        };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var n = parse.GetValue(count);
            var r = parse.GetValue(rate);
            if (n is < 1 or > ReconDataGenerator.MaxCount)
            {
                throw new InvalidInputException(new InputError("--count", 0, null, $"must be between 1 and {ReconDataGenerator.MaxCount}"));
            }

            if (r is < 0 or > 0.5 || double.IsNaN(r))
            {
                throw new InvalidInputException(new InputError("--break-rate", 0, null, "must be between 0 and 0.5"));
            }

            var near = parse.GetValue(nearMisses);
            if (near is < 0 or > ReconDataGenerator.MaxNearMissRate || double.IsNaN(near))
            {
                throw new InvalidInputException(new InputError("--near-miss-rate", 0, null, $"must be between 0 and {ReconDataGenerator.MaxNearMissRate}"));
            }

            var resolved = SyntheticProfile(parse.GetValue(profile)!);
            GeneratedData? data = null;
            CliAction.Progress.Status().Start($"generating {n:N0} {resolved.Name} records", _ =>
                data = ReconDataGenerator.WriteFiles(resolved, n, parse.GetValue(seed), r, near, parse.GetValue(output)!));
            Console.WriteLine(
                $"wrote {data!.Left.Count:N0} left, {data.Right.Count:N0} right records and {data.Expected.Count:N0} planted breaks"
                + (near > 0 ? $" and {data.ExpectedSuggestions.Count:N0} planted near misses" : "") + $" to {parse.GetValue(output)}");
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>A profile (built-in name or FILE.json) that the generator has a synthetic domain for.</summary>
    internal static ReconciliationProfile SyntheticProfile(string nameOrPath)
    {
        var resolved = ProfileLoader.Resolve(nameOrPath);
        if (!ReconDataGenerator.Domains.Contains(resolved.Name, StringComparer.Ordinal))
        {
            throw new InvalidInputException(new InputError(nameOrPath, 0, "--profile",
                $"no synthetic domain for a profile named '{resolved.Name}'; one of {string.Join(", ", ReconDataGenerator.Domains)}"));
        }

        return resolved;
    }

    private static Command Run()
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Built-in profile (trades, positions, inventory, pos) or a path to a profile FILE.json.",
            Required = true,
        };
        var left = new Option<string>("--left") { Description = "Left CSV (your own book), columns named by the profile.", Required = true };
        var right = new Option<string>("--right") { Description = "Right CSV (the outside statement), columns named by the profile.", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for breaks.csv, suggestions.csv and summary.json (created if missing).", Required = true };
        var buckets = new Option<int>("--buckets")
        {
            Description = "Partitions reconciled independently and in parallel (1..4096); the breaks and suggestions are the same for any count.",
            DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount),
        };
        var rejections = new Option<string?>("--rejections")
        {
            Description = "CSV with a suggestion_id column (e.g. rows cut from suggestions.csv): groupings a person rejected, never suggested again on this input.",
        };
        var noSuggestions = new Option<bool>("--no-suggestions") { Description = "Skip the fifth step: no suggested matches (suggestions.csv has its header only)." };
        var command = new Command("run", "Match the two files pass by pass, suggest matches for what is left, write breaks.csv, suggestions.csv and summary.json, and print a summary table.")
        {
            profile, left, right, output, buckets, rejections, noSuggestions,
        };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var n = parse.GetValue(buckets);
            if (n is < 1 or > 4096)
            {
                throw new InvalidInputException(new InputError("--buckets", 0, null, "must be between 1 and 4096"));
            }

            var resolved = ProfileLoader.Resolve(parse.GetValue(profile)!);
            var suggestions = new SuggestionOptions
            {
                Enabled = !parse.GetValue(noSuggestions),
                Rejected = parse.GetValue(rejections) is { } file ? RejectionFile.Read(file) : new HashSet<string>(),
            };
            RunResult? result = null;
            CliAction.Progress.Progress().AutoClear(true).Start(ctx =>
            {
                var parseTask = ctx.AddTask("parse").IsIndeterminate();
                var matchTask = ctx.AddTask("match", maxValue: n);
                var writeTask = ctx.AddTask("write").IsIndeterminate();
                var phases = new Progress<string>(phase =>
                {
                    if (phase != "parse") { parseTask.IsIndeterminate(false).Value = parseTask.MaxValue; }
                    if (phase == "write") { writeTask.IsIndeterminate(false); }
                });
                var done = new Progress<int>(d => matchTask.Value = d);
                result = ReconciliationRun.Execute(resolved, parse.GetValue(left)!, parse.GetValue(right)!, parse.GetValue(output)!, n, phases, done,
                    suggestions);
                writeTask.Value = writeTask.MaxValue;
            });
            PrintSummary(result!);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void PrintSummary(RunResult result)
    {
        var s = result.Summary;
        var table = new Table().Title($"reconciliation: {s.Profile}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("left records", s.LeftRecords.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("right records", s.RightRecords.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (pass, matched) in s.MatchedLeftByPass)
        {
            table.AddRow($"matched left by {pass}", matched.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("match rate", s.MatchRate.ToString("P3", CultureInfo.InvariantCulture));
        table.AddRow("breaks", s.Breaks.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (type, n) in s.BreaksByType)
        {
            table.AddRow($"  {type}", n.ToString("N0", CultureInfo.InvariantCulture));
        }

        foreach (var (severity, n) in s.BreaksBySeverity)
        {
            table.AddRow($"  severity {severity}", n.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow($"total impact ({s.BaseCurrency})", s.TotalFinancialImpact.ToString("N2", CultureInfo.InvariantCulture));
        table.AddRow($"largest impact ({s.BaseCurrency})", $"{s.LargestFinancialImpact.ToString("N2", CultureInfo.InvariantCulture)} ({s.LargestBreakId})");
        foreach (var (band, n) in s.OpenBreakAgeing)
        {
            table.AddRow($"open, aged {band} days", n.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("overdue (past the profile's SLA)", s.OverdueBreaks.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("suggested matches", s.Suggestions.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (kind, n) in s.SuggestionsByKind)
        {
            table.AddRow($"  {kind}", n.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("  confidence ≥ 0.5", s.ConfidentSuggestions.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("  share of unmatched value they would clear", s.SuggestedValueShare.ToString("P1", CultureInfo.InvariantCulture));
        if (s.SuggestionSearchesCapped > 0)
        {
            table.AddRow("  searches cut short by a cap", s.SuggestionSearchesCapped.ToString("N0", CultureInfo.InvariantCulture));
        }

        var t = result.Timings;
        table.AddRow("time parse / match / write", $"{t.Parse.TotalSeconds:F2} s / {t.Match.TotalSeconds:F2} s / {t.Write.TotalSeconds:F2} s");
        table.AddRow("  of which suggestions (summed over buckets)", $"{t.Suggest.TotalSeconds:F2} s");
        AnsiConsole.Write(table);
    }
}
