using Tributary.Forecast.Recommendations;
using Tributary.Functions.Api;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Api;

/// <summary>The Functions app's forecast routes map core's outcomes to the same HTTP answers as `tributary serve`.</summary>
public sealed class ForecastFunctionsTests : IAsyncLifetime
{
    private FunctionsHost _host = null!;
    private FunctionsHttp _http = null!;

    public async Task InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync();
        _http = new FunctionsHttp(new PipelineHttpFunctions(new FunctionsApi(_host.Runs)), _host.Client);
        var r = new Recommendation(new DateOnly(2027, 6, 5), "north", "bakery", "a", null, 12, 10, 6, 15, 10.2, 9.1, 45.5, 5, 0.8, "history=40d", "");
        var document = ForecastRecommendationDocument.From("r1", r, ForecastWorkload.ModelVersion);
        await _host.Services.Documents.UpsertAsync(ResultContainers.ForecastRecommendations, "r1", document.Id, document, default);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Recommendations_are_read_with_filters_and_a_page_size_that_is_not_a_number_is_named()
    {
        var found = await _http.SendAsync("GET", "/api/forecast/r1/recommendations?vendor=bakery&pageSize=10");
        var other = await _http.SendAsync("GET", "/api/forecast/r1/recommendations?vendor=cheese");
        var bad = await _http.SendAsync("GET", "/api/forecast/r1/recommendations?pageSize=many");

        Assert.Equal(1, found.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(0, other.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(400, bad.Status);
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Feedback_answers_variances_and_a_bad_field_an_unknown_run_and_an_oversized_body_are_refused()
    {
        const string Day = """{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 9, "unitsBrought": 12}""";

        var ok = await _http.SendAsync("POST", "/api/forecast/r1/feedback", "{\"actuals\": [" + Day + "]}");
        var bad = await _http.SendAsync("POST", "/api/forecast/r1/feedback", """{"actuals": [{"date": "2027-06-05"}]}""");
        var unknown = await _http.SendAsync("POST", "/api/forecast/nope/feedback", "{\"actuals\": [" + Day + "]}");
        var huge = await _http.SendAsync("POST", "/api/forecast/r1/feedback", new string(' ', StartRunRequest.MaxBodyBytes + 1));

        Assert.Equal(200, ok.Status);
        var variance = Assert.Single(ok.As<FeedbackResult>().Variances);
        Assert.Equal((12, 12, 9, 3), (variance.RecommendedUnits, variance.UnitsBrought, variance.UnitsSold, variance.WasteUnits));
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("actuals[0].market", out _));
        Assert.Equal(404, unknown.Status);
        Assert.Equal(413, huge.Status);
    }
}
