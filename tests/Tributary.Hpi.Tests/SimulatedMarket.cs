using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Simulation;

namespace Tributary.Hpi.Tests;

/// <summary>A generated market on disk, parsed and run once per test class that shares it.</summary>
public sealed class SimulatedMarket : IDisposable
{
    public SimulatedMarket()
        : this(new SimulationOptions(Seed: 7))
    {
    }

    internal SimulatedMarket(SimulationOptions options)
    {
        Options = options;
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hpi-test-" + Environment.ProcessId + "-" + Interlocked.Increment(ref _counter));
        MarketSimulator.Write(Directory, options);
        Dataset = HpiDataset.Load(Path("transactions.csv"), Path("tracts.csv"), Path("tract_years.csv"), skipInvalid: false);
        Run = HpiRun.Execute(Dataset, HpiParameters.Default);
    }

    private static int _counter;

    public SimulationOptions Options { get; }

    public string Directory { get; }

    public HpiDataset Dataset { get; }

    public HpiRunResult Run { get; }

    public string Path(string file) => System.IO.Path.Combine(Directory, file);

    /// <summary>truth.csv or truth_tracts.csv as (code, year) → log index.</summary>
    public Dictionary<(string Code, int Year), double> LogTruth(string file)
    {
        var truth = new Dictionary<(string, int), double>();
        foreach (var line in File.ReadLines(Path(file)).Skip(1))
        {
            var f = line.Split(',');
            truth[(f[0], int.Parse(f[^2], System.Globalization.CultureInfo.InvariantCulture))] =
                Math.Log(double.Parse(f[^1], System.Globalization.CultureInfo.InvariantCulture));
        }

        return truth;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
