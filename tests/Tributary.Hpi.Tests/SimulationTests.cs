using Tributary.Hpi.Simulation;

namespace Tributary.Hpi.Tests;

/// <summary>The generator is reproducible from its seed.</summary>
public sealed class SimulationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hpi-sim-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static readonly SimulationOptions Small = new(Seed: 11, Cbsas: 2, TractsPerCbsa: 4, StartYear: 2010, EndYear: 2014, PropertiesPerTract: 30);

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        MarketSimulator.Write(Path.Combine(_root, "a"), Small);
        MarketSimulator.Write(Path.Combine(_root, "b"), Small);
        MarketSimulator.Write(Path.Combine(_root, "c"), Small with { Seed = 12 });
        foreach (var file in MarketSimulator.Files)
        {
            var a = File.ReadAllBytes(Path.Combine(_root, "a", file));
            Assert.True(a.Length > 100, file);
            Assert.Equal(a, File.ReadAllBytes(Path.Combine(_root, "b", file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "a", "transactions.csv")), File.ReadAllBytes(Path.Combine(_root, "c", "transactions.csv")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "a", "truth.csv")), File.ReadAllBytes(Path.Combine(_root, "c", "truth.csv")));
    }

    [Fact]
    public void Codes_keep_leading_zeros_and_truth_starts_at_100()
    {
        MarketSimulator.Write(_root, Small);
        var tract = File.ReadLines(Path.Combine(_root, "tracts.csv")).Skip(1).First().Split(',')[0];
        Assert.Equal(11, tract.Length);
        Assert.StartsWith("0", tract);
        var truth = File.ReadLines(Path.Combine(_root, "truth.csv")).Skip(1).First().Split(',');
        Assert.Equal(("2010", "100"), (truth[1], truth[2]));
    }

    [Fact]
    public void Out_of_range_options_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MarketSimulator.Write(_root, Small with { EndYear = 2005 }));
        Assert.Equal("EndYear", e.ParamName);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
