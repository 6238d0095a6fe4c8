using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Spectre.Console;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Bench.Reconciliation;

/// <summary>`recon`: generates N vs N records once (not timed), then times a whole run parse → written breaks.</summary>
public static class ReconBenchmark
{
    /// <summary>The benchmark command.</summary>
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Records per side.", DefaultValueFactory = _ => 1_000_000 };
        var profile = new Option<string>("--profile") { Description = "Built-in profile.", DefaultValueFactory = _ => "trades" };
        var rate = new Option<double>("--break-rate") { Description = "Share of records with a planted break.", DefaultValueFactory = _ => 0.01 };
        var buckets = new Option<int>("--buckets") { Description = "Buckets reconciled in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var compare = new Option<bool>("--compare-csvhelper") { Description = "Also time CsvHelper reading the left file, for the parser comparison." };
        var noSuggestions = new Option<bool>("--no-suggestions") { Description = "Skip the fifth step (suggested matches), to price it." };
        var nearMisses = new Option<double>("--near-miss-rate") { Description = "Share of records planted as near misses (0: the files of earlier runs)." };
        var command = new Command("recon", "Reconciliation throughput: 1M vs 1M trades with 1% planted breaks by default.")
        {
            count, profile, rate, buckets, compare, noSuggestions, nearMisses,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            var name = parse.GetValue(profile)!;
            var dir = Directory.CreateTempSubdirectory("recon-bench-").FullName;
            try
            {
                var generated = Stopwatch.StartNew();
                ReconDataGenerator.WriteFiles(BuiltInProfiles.Get(name), n, seed: 1, parse.GetValue(rate), parse.GetValue(nearMisses), dir);
                Console.Error.WriteLine($"generated in {generated.Elapsed.TotalSeconds:F1} s (not timed)");
                var p = BuiltInProfiles.Get(name);
                var left = Path.Combine(dir, "left.csv");
                var right = Path.Combine(dir, "right.csv");
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
                var suggestions = new SuggestionOptions { Enabled = !parse.GetValue(noSuggestions) };
                var result = ReconciliationRun.Execute(p, left, right, Path.Combine(dir, "out"), parse.GetValue(buckets), suggestions: suggestions);
                var total = clock.Elapsed;
                var peak = Process.GetCurrentProcess().PeakWorkingSet64;
                var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var records = result.Summary.LeftRecords + result.Summary.RightRecords;

                var table = new Table().Title($"recon {name}: {n:N0} vs {n:N0}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
                table.AddRow("records (both sides)", records.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("breaks written", result.Breaks.Count.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("suggestions written (≥ 0.5)", suggestions.Enabled
                    ? $"{result.Suggestions.Count:N0} ({result.Summary.ConfidentSuggestions:N0})" : "off");
                table.AddRow("parse", $"{result.Timings.Parse.TotalSeconds:F2} s");
                table.AddRow("match", $"{result.Timings.Match.TotalSeconds:F2} s");
                table.AddRow("write", $"{result.Timings.Write.TotalSeconds:F2} s");
                table.AddRow("total (parse → written breaks)", $"{total.TotalSeconds:F2} s");
                table.AddRow("CPU time (all threads)", $"{cpuUsed.TotalSeconds:F2} s");
                table.AddRow("load average at start", load);
                table.AddRow("records/s", (records / total.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("peak working set", $"{peak / (1024.0 * 1024):N0} MiB");
                table.AddRow("file sizes", $"{new FileInfo(left).Length / 1e6:F0} MB + {new FileInfo(right).Length / 1e6:F0} MB");
                if (parse.GetValue(compare))
                {
                    // Best of three each, alternating, in CPU time (the parsers are single-threaded) as well as wall time:
                    // on a shared machine CPU time is far less disturbed by other processes.
                    var best = (Span: double.MaxValue, Helper: double.MaxValue, SpanCpu: double.MaxValue, HelperCpu: double.MaxValue);
                    for (var round = 0; round < 3; round++)
                    {
                        var c = Process.GetCurrentProcess().TotalProcessorTime;
                        var span = Stopwatch.StartNew();
                        CsvRecordReader.ReadFile(left, p, RecordSide.Left);
                        best.Span = Math.Min(best.Span, span.Elapsed.TotalSeconds);
                        best.SpanCpu = Math.Min(best.SpanCpu, (Process.GetCurrentProcess().TotalProcessorTime - c).TotalSeconds);
                        c = Process.GetCurrentProcess().TotalProcessorTime;
                        var helper = Stopwatch.StartNew();
                        CsvHelperRead(left, p);
                        best.Helper = Math.Min(best.Helper, helper.Elapsed.TotalSeconds);
                        best.HelperCpu = Math.Min(best.HelperCpu, (Process.GetCurrentProcess().TotalProcessorTime - c).TotalSeconds);
                    }

                    table.AddRow("left file: span parser (best of 3)", $"{best.Span:F2} s wall, {best.SpanCpu:F2} s CPU");
                    table.AddRow("left file: CsvHelper, same typed fields (best of 3)", $"{best.Helper:F2} s wall, {best.HelperCpu:F2} s CPU");
                }

                AnsiConsole.Write(table);
                return 0;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
        return command;
    }

    // The same work the span parser does, through CsvHelper: every profile column read and typed, text normalised.
    private static int CsvHelperRead(string path, ReconciliationProfile profile)
    {
        using var reader = CsvReader.FromFile(path);
        var fields = profile.Fields.Where(f => f.LeftColumn is not null).ToArray();
        int[]? index = null;
        var rows = 0;
        decimal sum = 0;
        // Keep the text values, as the span parser does, so both pay for retaining them.
        var kept = new List<string>(fields.Length * 1_000_000);
        while (reader.Read())
        {
            index ??= fields.Select(f => reader.GetFieldIndex(f.LeftColumn!)).ToArray();
            for (var i = 0; i < fields.Length; i++)
            {
                switch (fields[i].Type)
                {
                    case FieldType.Text: kept.Add(KeyNormalizer.Normalize(reader.GetString(index[i]))); break;
                    case FieldType.Number: sum += reader.Parse<decimal>(index[i]); break;
                    default: sum += reader.Parse<DateOnly>(index[i]).DayNumber; break;
                }
            }

            rows++;
        }

        return rows;
    }
}
