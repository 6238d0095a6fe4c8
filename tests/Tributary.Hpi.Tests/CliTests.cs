using System.CommandLine;
using Tributary.Host.Hpi;

namespace Tributary.Hpi.Tests;

/// <summary>The hpi verbs, run in-process through their command definitions, as `tributary hpi ...` would run them.</summary>
[Collection("console")]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hpi-cli-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static Task<int> Run(params string[] args)
    {
        var root = new RootCommand { HpiCommands.Create() };
        return root.Parse(args).InvokeAsync();
    }

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task Generate_then_calculate_every_level_and_format()
    {
        Assert.Equal(0, await Run("hpi", "generate", "--out", _dir, "--seed", "5", "--cbsas", "2", "--tracts-per-cbsa", "10",
            "--start-year", "2005", "--end-year", "2012", "--properties-per-tract", "200"));
        string[] input = ["--transactions", P("transactions.csv"), "--tracts", P("tracts.csv"), "--tract-years", P("tract_years.csv")];
        Assert.Equal(0, await Run(["hpi", "calculate", .. input, "--out", P("cbsa.csv")]));
        var cbsa = File.ReadAllLines(P("cbsa.csv"));
        Assert.Equal("cbsa_code,year,weighting,appreciation,index", cbsa[0]);
        Assert.Equal(1 + 2 * 6 * 8, cbsa.Length); // 2 CBSAs × 6 weightings × 8 years

        Assert.Equal(0, await Run(["hpi", "calculate", .. input, "--level", "national", "--weighting", "upb", "--base-year", "2008",
            "--out", P("national.csv")]));
        var national = File.ReadAllLines(P("national.csv"));
        Assert.Equal("year,weighting,appreciation,index", national[0]);
        Assert.Equal("2008,upb", string.Join(",", national.Single(l => l.StartsWith("2008,", StringComparison.Ordinal)).Split(',')[..2]));
        Assert.EndsWith(",100", national.Single(l => l.StartsWith("2008,", StringComparison.Ordinal)));

        Assert.Equal(0, await Run(["hpi", "calculate", .. input, "--level", "tract", "--format", "json", "--out", P("tract.json")]));
        Assert.StartsWith("[{\"census_tract\":", File.ReadAllText(P("tract.json")));
        Assert.Equal(0, await Run(["hpi", "calculate", .. input, "--format", "parquet", "--out", P("cbsa.parquet")]));
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(P("cbsa.parquet"))[..4]);

        Assert.Equal(0, await Run("hpi", "quality", "--transactions", P("transactions.csv"), "--tracts", P("tracts.csv"), "--out", P("q.json")));
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(P("q.json"))).RootElement;
        Assert.True(report.GetProperty("Pairs").GetProperty("Kept").GetInt64() > 1000);
        Assert.Equal(8 - 1, report.GetProperty("Supertracts").GetArrayLength());
    }

    [Fact]
    public async Task Bad_input_exits_2_and_skip_invalid_goes_on()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(P("tracts.csv"), HandMarket.TractHeader + "\n01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n");
        File.WriteAllText(P("tx.csv"), HandMarket.TransactionHeader + "\nA,2010-01-01,100000,01001000100,10000\nA,2011-01-01,oops,01001000100,10000\n");
        var error = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await Run("hpi", "calculate", "--transactions", P("tx.csv"), "--tracts", P("tracts.csv"), "--out", P("o.csv")));
        }
        finally
        {
            Console.SetError(stderr);
        }

        Assert.Contains("tx.csv:3: field 'price': 'oops' is not a number", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.False(File.Exists(P("o.csv")));
        Assert.Equal(0, await Run("hpi", "calculate", "--transactions", P("tx.csv"), "--tracts", P("tracts.csv"), "--out", P("o.csv"), "--skip-invalid"));
        Assert.Equal(2, await Run("hpi", "calculate", "--transactions", P("tx.csv"), "--tracts", P("tracts.csv"), "--out", P("o.csv"),
            "--start-year", "2012", "--end-year", "2010"));
    }

    [Theory]
    [InlineData("1", "--base-year 1: 1 is not a year in 1900–2100")]
    [InlineData("1990", "--base-year 1990: base year 1990 lies outside the years indexed, 2005–2009")]
    public async Task A_base_year_outside_the_range_or_the_data_exits_2_naming_the_years_and_writes_nothing(string year, string message)
    {
        Assert.Equal(0, await Run("hpi", "generate", "--out", _dir, "--seed", "5", "--cbsas", "1", "--tracts-per-cbsa", "6",
            "--start-year", "2005", "--end-year", "2009", "--properties-per-tract", "100"));
        var error = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await Run("hpi", "calculate", "--transactions", P("transactions.csv"), "--tracts", P("tracts.csv"), "--out", P("base.csv"), "--base-year", year);
        }
        finally
        {
            Console.SetError(stderr);
        }

        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString());
        Assert.False(File.Exists(P("base.csv")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
