using System.Text;
using System.Text.Json;
using Tributary.Forecast.Recommendations;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Forecast;

/// <summary>The recommendations read and the feedback route over stored recommendation documents.</summary>
public sealed class ForecastReadsTests
{
    private static readonly DateOnly Saturday = new(2027, 6, 5);
    private readonly InMemoryDocumentStore _documents = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2027, 6, 6, 8, 0, 0, TimeSpan.Zero));

    public ForecastReadsTests()
    {
        // Three vendors × two products × two dates in run r1, and one row of another run that must never show.
        foreach (var date in new[] { Saturday, Saturday.AddDays(7) })
        {
            foreach (var vendor in new[] { "bakery", "cheese", "flowers" })
            {
                foreach (var product in new[] { "a", "b" })
                {
                    Store("r1", new Recommendation(date, "north", vendor, product, null, 12, 10, 6, 15, 10.2, 9.1, 45.5, 5, 0.8, "history=40d", "Saturday +10%"));
                }
            }
        }

        Store("r2", new Recommendation(Saturday, "north", "bakery", "a", null, 99, 90, 80, 110, 90, 88, 440, 5, 0.8, "history=40d", ""));
    }

    [Fact]
    public async Task Recommendations_page_through_the_run_and_filter_by_vendor_product_and_date()
    {
        var queries = new ForecastQueries(_documents);
        var all = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = Outcome<ResultPage>.Of(await queries.RecommendationsAsync("r1", null, null, null, 5, token, default)).Value!;
            Assert.True(page.Items.Count <= 5);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        var bakery = Outcome<ResultPage>.Of(await queries.RecommendationsAsync("r1", "bakery", null, null, null, null, default)).Value!;
        var one = Outcome<ResultPage>.Of(await queries.RecommendationsAsync("r1", "cheese", "b", "2027-06-12", null, null, default)).Value!;

        Assert.Equal(12, all.Count);
        Assert.Equal(3, pages);
        Assert.Equal(12, all.Select(d => d.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(all, d => Assert.Equal(12, d.GetProperty("recommendedUnits").GetInt32()));
        Assert.Equal(4, bakery.Items.Count);
        Assert.All(bakery.Items, d => Assert.Equal("bakery", d.GetProperty("vendor").GetString()));
        var single = Assert.Single(one.Items);
        Assert.Equal(("cheese", "b", "2027-06-12"), (single.GetProperty("vendor").GetString(), single.GetProperty("product").GetString(), single.GetProperty("date").GetString()));
        Assert.Empty(Outcome<ResultPage>.Of(await queries.RecommendationsAsync("nope", null, null, null, null, null, default)).Value!.Items);
    }

    [Theory]
    [InlineData(0, null, "pageSize")]
    [InlineData(501, null, "pageSize")]
    [InlineData(null, "June", "date")]
    public async Task A_bad_read_parameter_is_named(int? pageSize, string? date, string field)
    {
        var outcome = Outcome<ResultPage>.Of(await new ForecastQueries(_documents).RecommendationsAsync("r1", null, null, date, pageSize, null, default));

        Assert.Equal(("invalid", field), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Feedback_records_variances_and_answers_the_kpis_of_every_day_reported_so_far()
    {
        var feedback = new ForecastFeedback(_documents, _time);

        // bakery/a: sold 10 of 14 brought (median 10: within ±20%, waste 4); bakery/b: sold out (12 of 12); one unknown product.
        var first = Outcome<FeedbackResult>.Of(await feedback.RecordAsync("r1", Body("""
            {"actuals": [
              {"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 10, "unitsBrought": 14},
              {"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "b", "unitsSold": 12, "unitsBrought": 12},
              {"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "zzz", "unitsSold": 3}
            ]}
            """), default));

        Assert.Equal("found", first.Case);
        var result = first.Value!;
        Assert.Equal((2, 1, 2), (result.Recorded, result.Unmatched, result.LedgerDays));
        var a = Assert.Single(result.Variances, v => v.Product == "a");
        Assert.Equal((12, 14, 10, false, 2, 4), (a.RecommendedUnits, a.UnitsBrought, a.UnitsSold, a.SoldOut, a.BroughtMinusRecommended, a.WasteUnits));
        Assert.True(Assert.Single(result.Variances, v => v.Product == "b").SoldOut);
        var total = Assert.Single(result.Kpis, k => k.Vendor == "(all)");
        Assert.Equal(("2027-06", 2, 1), (total.Period, total.Days, total.Evaluated));
        Assert.Equal(1.0, total.WithinShare);
        Assert.Equal(0.5, total.SelloutRate);
        Assert.Equal(4.0 / 26, total.WasteRate!.Value, 12);

        // The same day again replaces its record: still two days in the ledger, now 18 sold against a median of 10.
        var again = Outcome<FeedbackResult>.Of(await feedback.RecordAsync("r1", Body("""
            {"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 18}]}
            """), default)).Value!;

        Assert.Equal(2, again.LedgerDays);
        var after = Assert.Single(again.Kpis, k => k.Vendor == "(all)");
        Assert.Equal(0.0, after.WithinShare);
        Assert.Null(Assert.Single(again.Variances).UnitsBrought);
        Assert.Equal(_time.GetUtcNow(), Assert.Single(again.Variances).RecordedAt);
    }

    [Theory]
    [InlineData("""{"actuals": [5]}""", "actuals[0]", "not valid JSON here (line 1, column 15: expected an object)")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "unitsSold": "ten"}]}""", "actuals[0].unitsSold", "not valid JSON here (line 1, column 55: expected a whole number)")]
    public async Task A_value_of_the_wrong_type_is_named_by_what_was_expected_not_by_a_dotnet_type(string body, string field, string problem)
    {
        var outcome = Outcome<FeedbackResult>.Of(await new ForecastFeedback(_documents, _time).RecordAsync("r1", Body(body), default));

        Assert.Equal(("invalid", field, problem), (outcome.Case, outcome.Field, outcome.Text));
    }

    [Theory]
    [InlineData("", "actuals")]
    [InlineData("""{"actuals": []}""", "actuals")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": "ten"}]}""", "actuals[0].unitsSold")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 1}, {"date": "5 June", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 1}]}""", "actuals[1].date")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "", "product": "a", "unitsSold": 1}]}""", "actuals[0].vendor")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": -1}]}""", "actuals[0].unitsSold")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 5, "unitsBrought": 4}]}""", "actuals[0].unitsBrought")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 5}, {"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 6}]}""", "actuals[1]")]
    [InlineData("""{"actuals": [{"date": "2027-06-05", """, "actuals[0]")]
    public async Task Bad_feedback_is_refused_naming_the_field_and_nothing_is_recorded(string body, string field)
    {
        var outcome = Outcome<FeedbackResult>.Of(await new ForecastFeedback(_documents, _time).RecordAsync("r1", Body(body), default));

        Assert.Equal(("invalid", field), (outcome.Case, outcome.Field));
        var stored = await _documents.QueryAsync<JsonElement>(ResultContainers.ForecastRecommendations, "r1",
            new Dictionary<string, string> { ["docType"] = ForecastDocuments.Feedback }, 100, null, default);
        Assert.Empty(stored.Items);
    }

    [Fact]
    public async Task A_batch_over_the_cap_is_refused_and_an_unknown_run_is_missing()
    {
        var day = """{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 1}""";
        var tooMany = "{\"actuals\": [" + string.Join(",", Enumerable.Repeat(day, ForecastFeedback.MaxActuals + 1)) + "]}";
        var feedback = new ForecastFeedback(_documents, _time);

        var capped = Outcome<FeedbackResult>.Of(await feedback.RecordAsync("r1", Body(tooMany), default));
        var unknown = Outcome<FeedbackResult>.Of(await feedback.RecordAsync("nope", Body("{\"actuals\": [" + day + "]}"), default));

        Assert.Equal(("invalid", "actuals"), (capped.Case, capped.Field));
        Assert.Equal("missing", unknown.Case);
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    private void Store(string runId, Recommendation r)
    {
        var document = ForecastRecommendationDocument.From(runId, r, ForecastWorkload.ModelVersion);
        _documents.UpsertAsync(ResultContainers.ForecastRecommendations, runId, document.Id, document, default).GetAwaiter().GetResult();
    }
}
