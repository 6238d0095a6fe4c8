using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Generation.Batches;
using Tributary.Generation.Quality;
using Tributary.Host.Cli;

namespace Tributary.Host.Generation;

/// <summary><c>gen quality</c>: checks a run folder against its manifest; exit code 1 when a check fails.</summary>
internal static class GenQualityVerb
{
    /// <summary>Exit code when the data was read but a quality check failed.</summary>
    public const int ChecksFailed = 1;

    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--in") { Description = "Run folder written by `gen run` (must contain manifest.json).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the full report (every check, distributions, first problems) as JSON to this file." };
        var command = new Command("quality", "Quality report per batch and per run: distributions of amount, channel, category, hour and state; null, invalid, out-of-range and duplicate-id counts; fraud and anomaly rates per type against the configured ones. Each check shows its threshold. Exit code 1 when any check fails.")
        {
            input, output,
        };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var dir = parse.GetValue(input)!;
            var manifestPath = Path.Combine(dir.FullName, "manifest.json");
            if (!File.Exists(manifestPath))
            {
                throw new InvalidInputException(new InputError(manifestPath, 0, null, "no manifest.json here; run `gen run` first or point --in at a run folder"));
            }

            RunManifest manifest;
            await using (var stream = File.OpenRead(manifestPath))
            {
                try
                {
                    manifest = await RunManifest.ReadAsync(stream, cancel);
                }
                catch (JsonException e)
                {
                    throw new InvalidInputException(new InputError(manifestPath, e.LineNumber + 1 ?? 0, e.Path, $"not a valid manifest: {e.Message}"));
                }
            }

            var problems = manifest.ToSpec().Problems();
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems.Select(p => new InputError(manifestPath, 0, null, p)).ToArray());
            }

            var inspector = new QualityInspector(manifest);
            RunQualityReport report = null!;
            await CliAction.Progress.Progress().StartAsync(async ctx =>
            {
                var bar = ctx.AddTask("checking files", maxValue: manifest.Batches.Count);
                var progress = new Progress<int>(done => bar.Value = done);
                report = await inspector.InspectRunAsync((name, ct) => Open(dir, name), progress, cancel);
                bar.Value = manifest.Batches.Count;
            });

            Print(report);
            var path = parse.GetValue(output);
            if (path is not null)
            {
                await using var stream = File.Create(path.FullName);
                await JsonSerializer.SerializeAsync(stream, report, ReportJson, cancel);
            }

            return report.Passed ? 0 : ChecksFailed;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private static Task<Stream> Open(DirectoryInfo dir, string name)
    {
        // File names come from the manifest, which is input: never let one point outside the run folder.
        if (name.Length == 0 || name != Path.GetFileName(name))
        {
            throw new InvalidInputException(new InputError(Path.Combine(dir.FullName, "manifest.json"), 0, "file", $"'{name}' is not a plain file name"));
        }

        return Task.FromResult<Stream>(File.OpenRead(Path.Combine(dir.FullName, name)));
    }

    private static void Print(RunQualityReport report)
    {
        var table = new Table().AddColumns("scope", "check", "observed", "threshold", "verdict");
        foreach (var check in report.Run.Checks.Concat(report.Files.SelectMany(f => f.Checks.Where(c => !c.Passed))))
        {
            table.AddRow(Markup.Escape(check.Scope), Markup.Escape(check.Name), Markup.Escape(check.Observed), Markup.Escape(check.Threshold),
                check.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        CliAction.Progress.Write(table);
        foreach (var example in report.Files.SelectMany(f => f.Examples).Take(10))
        {
            CliAction.Progress.MarkupLine($"[yellow]{Markup.Escape(example)}[/]");
        }

        var failed = report.Failures.Count();
        CliAction.Progress.MarkupLine(failed == 0
            ? $"[green]all checks passed[/] ({report.Run.Rows:N0} rows, {report.Files.Count} files; per-file checks that passed are in --out)"
            : $"[red]{failed} check(s) failed[/]");
    }
}
