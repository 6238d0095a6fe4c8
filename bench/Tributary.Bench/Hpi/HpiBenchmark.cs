using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Tributary.Hpi;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Simulation;

namespace Tributary.Bench.Hpi;

/// <summary><c>hpi</c> benchmark: generates a large simulated market, then times parsing and the index kernel separately.</summary>
public static class HpiBenchmark
{
    /// <summary>Reference throughput of the hpi-fhfa pandas implementation (pairs per second).</summary>
    private const double PandasPairsPerSecond = 4_000;

    /// <summary>Pairs per property of the simulated market (32 years, 12% sale chance a year, 1% flips), measured.</summary>
    private const double PairsPerProperty = 2.9;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var pairs = new Option<int>("--pairs") { Description = "Approximate repeat-sales pairs to generate.", DefaultValueFactory = _ => 5_000_000 };
        var tracts = new Option<int>("--tracts-per-cbsa") { Description = "Tracts per CBSA.", DefaultValueFactory = _ => 100 };
        var properties = new Option<int>("--properties-per-tract") { Description = "Mean properties per tract (FHFA averages about 1,000 pairs per tract).", DefaultValueFactory = _ => 300 };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated files (their folder is printed)." };
        var command = new Command("hpi", "House price index: parse and kernel throughput (pairs/s) and peak memory on a generated market, against hpi-fhfa pandas (~4k pairs/s).")
        {
            pairs, tracts, properties, keep,
        };
        command.SetAction(parse =>
        {
            Run(parse.GetValue(pairs), parse.GetValue(tracts), parse.GetValue(properties), parse.GetValue(keep));
            return 0;
        });
        return command;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Run(int targetPairs, int tractsPerCbsa, int propertiesPerTract, bool keep)
    {
        var cbsas = (int)Math.Ceiling(targetPairs / (tractsPerCbsa * propertiesPerTract * PairsPerProperty));
        var options = new SimulationOptions(Seed: 2026, Cbsas: cbsas, TractsPerCbsa: tractsPerCbsa, StartYear: 1990, EndYear: 2021,
            PropertiesPerTract: propertiesPerTract);
        var directory = Path.Combine(Path.GetTempPath(), $"tributary-hpi-bench-{Environment.ProcessId}");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        try
        {
            console.MarkupLine($"generating {cbsas} CBSAs × {tractsPerCbsa} tracts × ~{propertiesPerTract} properties, 1990–2021 into {Markup.Escape(directory)}");
            var phases = new List<(string Name, TimeSpan Wall, TimeSpan Cpu, string Unit, double Count)>();
            T Measure<T>(string name, string unit, Func<T> work, Func<T, double> count)
            {
                var (result, wall, cpu) = PhaseClock.Measure(work);
                phases.Add((name, wall, cpu, unit, count(result)));
                return result;
            }

            var (transactions, _) = Measure("generate", "rows", () => MarketSimulator.Write(directory, options), r => r.Transactions);
            var bytes = new FileInfo(Path.Combine(directory, "transactions.csv")).Length;
            var dataset = Measure("parse (transactions, tracts, tract_years)", "rows", () => HpiDataset.Load(Path.Combine(directory, "transactions.csv"),
                Path.Combine(directory, "tracts.csv"), Path.Combine(directory, "tract_years.csv"), skipInvalid: false), d => d.Transactions.Count);
            var split = Measure("pair building + split by CBSA", "pairs", () => MarketSplitter.Split(dataset), s => s.Markets.Sum(m => (double)m.Pairs.Count));
            long pairs = split.Markets.Sum(m => (long)m.Pairs.Count);
            var run = Measure("index kernel: filters, supertracts, BMN, weighting, chaining, national", "pairs",
                () => HpiRun.Execute(split.Markets, HpiParameters.Default), _ => pairs);

            var kept = run.Cbsas.Sum(c => c.Diagnostics.Filters.Kept);
            var supertractYears = run.Cbsas.Sum(c => c.Diagnostics.SupertractYears.Where(s => s.Estimated).Sum(s => s.Supertracts));
            var solved = run.Cbsas.Sum(c => c.Diagnostics.SupertractYears.Sum(s => s.RegressionsSolved));
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;

            console.MarkupLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {Markup.Escape(LoadAverage())}");
            console.MarkupLine($"market: {cbsas} CBSAs, {dataset.Tracts.Count:N0} tracts, {transactions:N0} transactions ({bytes / 1e6:F0} MB), "
                + $"{pairs:N0} pairs ({kept:N0} kept), {supertractYears:N0} supertract-year estimates from {solved:N0} distinct BMN systems");
            var table = new Table().AddColumns("phase", "wall s", "CPU s", "per wall second", "per CPU second");
            foreach (var (name, wall, cpu, unit, count) in phases)
            {
                table.AddRow(Markup.Escape(name), $"{wall.TotalSeconds:F1}", $"{cpu.TotalSeconds:F1}", $"{count / wall.TotalSeconds:N0} {unit}/s",
                    $"{count / cpu.TotalSeconds:N0} {unit}/s");
            }

            var engine = phases.Skip(1).ToArray();
            var engineWall = engine.Sum(p => p.Wall.TotalSeconds);
            var engineCpu = engine.Sum(p => p.Cpu.TotalSeconds);
            table.AddRow("parse + split + kernel", $"{engineWall:F1}", $"{engineCpu:F1}", $"{pairs / engineWall:N0} pairs/s", $"{pairs / engineCpu:N0} pairs/s");
            AnsiConsole.Write(table);
            var scale = 63_300_000.0 / pairs;
            AnsiConsole.MarkupLine($"parse pairs/s (wall): {pairs / engine[0].Wall.TotalSeconds:N0}; hpi-fhfa pandas reference: ~{PandasPairsPerSecond:N0} pairs/s; "
                + $"end to end {pairs / engineWall / PandasPairsPerSecond:F0}× faster");
            AnsiConsole.MarkupLine($"peak working set: {peak / (1024.0 * 1024 * 1024):F2} GiB");
            var largest = split.Markets.MaxBy(m => m.Pairs.Count)!;
            var (fitUs, solveUs, mathNetUs, pairsPerFit) = BmnCost.Measure(largest);
            AnsiConsole.MarkupLine($"one BMN regression without reuse ({pairsPerFit:N0} pairs, {run.Cbsas[0].Diagnostics.HalfPairs.Years} periods): "
                + $"{fitUs:N0} µs (wall); solve alone {solveUs:N1} µs hand-written vs {mathNetUs:N1} µs MathNet; "
                + $"1.04 M such regressions ≈ {1.04e6 * fitUs / 1e6 / 60:F1} min");
            AnsiConsole.MarkupLine($"FHFA scale (63.3M pairs), linear: parse {engine[0].Wall.TotalSeconds * scale / 60:F1} min, split {engine[1].Wall.TotalSeconds * scale / 60:F1} min, "
                + $"kernel {engine[2].Wall.TotalSeconds * scale / 60:F1} min (wall, this load); {engineCpu * scale / 60:F1} CPU-min in all");
        }
        finally
        {
            if (!keep && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
