using System.CommandLine;
using System.Globalization;
using Tributary.Forecast.Evaluation;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;
using Tributary.Host.Forecast;

namespace Tributary.Forecast.Tests;

/// <summary>The forecast verbs, run in-process through their command definitions, as `tributary forecast ...` would run them.</summary>
[Collection("console")]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "forecast-cli-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static Task<int> Run(params string[] args)
    {
        var root = new RootCommand { ForecastCommands.Create() };
        return root.Parse(args).InvokeAsync();
    }

    private static async Task<(int Code, string Errors)> RunCapturing(params string[] args)
    {
        var error = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(error);
        try
        {
            return (await Run(args), error.ToString());
        }
        finally
        {
            Console.SetError(stderr);
        }
    }

    private string P(string name) => Path.Combine(_dir, name);

    private Task<int> Generate() => Run("forecast", "generate", "--out", _dir, "--seed", "3", "--markets", "2", "--vendors", "10", "--history-days", "420");

    [Fact]
    public async Task Recommend_refuses_history_from_after_the_requested_date_naming_file_line_and_field()
    {
        Assert.Equal(0, await Generate());
        var next = SalesReader.Read(P("sales.csv")).Last.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = File.ReadAllLines(P("sales.csv")).ToList();
        lines.Add(string.Join(',', ["2031-01-01", .. lines[1].Split(',')[1..]]));
        File.WriteAllLines(P("sales.csv"), lines);

        var (code, errors) = await RunCapturing("forecast", "recommend", "--sales", P("sales.csv"), "--dates", next, "--out", P("late"));

        Assert.Equal(2, code);
        Assert.Contains($"sales.csv:{lines.Count}: field 'date': 2031-01-01 is not before {next}, the first date to recommend for", errors);
        Assert.False(File.Exists(P("late/recommendations.csv")));
    }

    [Fact]
    public async Task Generate_recommend_evaluate_feedback_and_retrain()
    {
        Assert.Equal(0, await Generate());
        var truth = TruthTable.Read(P("truth.csv"));
        var sales = SalesReader.Read(P("sales.csv"));
        var future = truth.Days.Where(t => t.Date > sales.Last).Select(t => t.Date).Distinct().Order().Take(2).ToArray();
        var dates = string.Join(",", future.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        // The contract: exactly these options (products.csv beside sales.csv is picked up by itself).
        Assert.Equal(0, await Run("forecast", "recommend", "--sales", P("sales.csv"), "--weather", P("weather.csv"), "--events", P("events.csv"),
            "--dates", dates, "--out", P("out"), "--service-level", "0.8"));
        var lines = File.ReadAllLines(P("out/recommendations.csv"));
        Assert.Equal(RecommendationWriter.Header, lines[0]);
        Assert.Equal("date,market,vendor,product,recommended_units,median_units,p10_units,p90_units,expected_revenue,inputs_used,reason", lines[0]);
        var active = sales.Products.Count(p => p.Days[^1].Date > sales.Last.AddDays(-365));
        Assert.Equal(1 + future.Length * active, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("weather=forecast;events=", l));

        Assert.Equal(0, await Run("forecast", "evaluate", "--recommendations", P("out/recommendations.csv"), "--truth", P("truth.csv"),
            "--out", P("evaluation.csv"), "--min-share-of-oracle", "0.8"));
        Assert.Contains(File.ReadAllLines(P("evaluation.csv")), l => l.StartsWith("share_of_oracle,", StringComparison.Ordinal));
        Assert.Equal(1, await Run("forecast", "evaluate", "--recommendations", P("out/recommendations.csv"), "--truth", P("truth.csv"),
            "--min-share-of-oracle", "5"));

        // What happened on the first date: the vendor brought what was recommended and sold min(demand, brought).
        var issued = Tributary.Forecast.Feedback.IssuedRecommendations.Read(P("out/recommendations.csv"));
        var actualLines = new List<string> { string.Join(",", SalesReader.Columns) };
        foreach (var r in issued.Where(r => r.Date == future[0]))
        {
            if (truth.TryGet(r.Key, r.Date, out var t))
            {
                actualLines.Add(string.Join(",", r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Csv.Quote(r.Key.Market), Csv.Quote(r.Key.Vendor),
                    Csv.Quote(r.Key.Product), Math.Min(t.Demand, r.RecommendedUnits), r.RecommendedUnits, "5.00"));
            }
        }

        File.WriteAllLines(P("actuals.csv"), actualLines);
        Assert.Equal(0, await Run("forecast", "feedback", "--out", P("out"), "--actuals", P("actuals.csv"), "--sales", P("sales.csv")));
        Assert.Equal(actualLines.Count, File.ReadAllLines(P("out/feedback.csv")).Length);
        var accuracy = File.ReadAllLines(P("out/accuracy.csv"));
        Assert.Equal(Tributary.Forecast.Feedback.AccuracyKpis.Header, accuracy[0]);
        Assert.Contains(accuracy, l => l.Contains(",(all),1,", StringComparison.Ordinal));

        // Retrain on history + feedback: models.json gains version 2, which knows the feedback days.
        Assert.Equal(0, await Run("forecast", "recommend", "--sales", P("out/history.csv"), "--weather", P("weather.csv"), "--events", P("events.csv"),
            "--products", P("products.csv"), "--dates", future[1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--out", P("out")));
        var versions = Tributary.Forecast.Feedback.ModelVersions.Read(P("out"));
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(actualLines.Count - 1, versions[1].FeedbackDays);
        Assert.Equal(future[0], versions[1].HistoryEnd);
        Assert.All(File.ReadAllLines(P("out/recommendation_details.csv")).Skip(1), l => Assert.EndsWith(",2", l));
    }

    [Fact]
    public async Task Backtest_writes_a_report_that_selects_a_method()
    {
        Assert.Equal(0, await Generate());
        Assert.Equal(0, await Run("forecast", "backtest", "--sales", P("sales.csv"), "--weather", P("weather.csv"), "--events", P("events.csv"),
            "--origins", "2", "--out", P("backtest.csv")));
        var report = File.ReadAllLines(P("backtest.csv"));
        Assert.Equal("method,n,within_20pct,mape,bias,share_of_oracle,selected", report[0]);
        Assert.Equal(4, report.Length);
        Assert.Single(report, l => l.EndsWith(",yes", StringComparison.Ordinal));
        Assert.Equal(0, await Run("forecast", "backtest", "--sales", P("sales.csv"), "--truth", P("truth.csv"), "--origins", "1", "--out", P("bt2.csv")));
        Assert.Contains(File.ReadAllLines(P("bt2.csv")), l => l.StartsWith("\"oracle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_exits_2_naming_file_line_and_field_and_missing_files_exit_3()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(P("sales.csv"), "date,market,vendor,product,units_sold,units_brought,price\n2027-05-01,R,V,P,4,,2.5\n2027-05-08,R,V,P,-1,,2.5\n");
        var (code, errors) = await RunCapturing("forecast", "recommend", "--sales", P("sales.csv"), "--dates", "2027-06-05", "--out", P("out"));
        Assert.Equal(2, code);
        Assert.Contains("sales.csv:3: field 'units_sold': '-1' is not a whole number", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.False(File.Exists(P("out/recommendations.csv")));

        File.WriteAllText(P("sales.csv"), "date,market,vendor,product,units_sold,units_brought,price\n2027-05-01,R,V,P,4,,2.5\n");
        (code, errors) = await RunCapturing("forecast", "recommend", "--sales", P("sales.csv"), "--dates", "2027-06-05,June 12", "--out", P("out"));
        Assert.Equal(2, code);
        Assert.Contains("--dates: 'June 12' is not a date yyyy-MM-dd", errors);
        Assert.Equal(2, (await RunCapturing("forecast", "recommend", "--sales", P("sales.csv"), "--dates", "2027-06-05", "--out", P("out"), "--service-level", "1.5")).Code);
        (code, errors) = await RunCapturing("forecast", "recommend", "--sales", P("nope.csv"), "--dates", "2027-06-05", "--out", P("out"));
        Assert.Equal(3, code);
        Assert.Contains("nope.csv", errors);

        // A single day of a single product still gets a recommendation, from the priors.
        Assert.Equal(0, await Run("forecast", "recommend", "--sales", P("sales.csv"), "--dates", "2027-06-05", "--out", P("out")));
        Assert.Contains("weather=neutral;events=missing", File.ReadAllLines(P("out/recommendations.csv"))[1]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
