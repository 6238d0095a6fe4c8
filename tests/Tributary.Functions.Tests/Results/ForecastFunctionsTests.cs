using Microsoft.AspNetCore.Mvc;
using Tributary.Forecast.Recommendations;
using Tributary.Functions.Results;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Reads;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Results;

/// <summary>The Functions app's forecast routes map core's outcomes to the same HTTP answers as `tributary serve`.</summary>
public sealed class ForecastFunctionsTests
{
    private readonly InMemoryDocumentStore _documents = new();
    private readonly ForecastFunctions _functions;

    public ForecastFunctionsTests()
    {
        _functions = new ForecastFunctions(_documents, TimeProvider.System);
        var r = new Recommendation(new DateOnly(2027, 6, 5), "north", "bakery", "a", null, 12, 10, 6, 15, 10.2, 9.1, 45.5, 5, 0.8, "history=40d", "");
        var document = ForecastRecommendationDocument.From("r1", r, ForecastWorkload.ModelVersion);
        _documents.UpsertAsync(ResultContainers.ForecastRecommendations, "r1", document.Id, document, default).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Recommendations_are_read_with_filters_and_a_page_size_that_is_not_a_number_is_named()
    {
        var found = Assert.IsType<OkObjectResult>(await _functions.RecommendationsAsync(Http.Request(query: "?vendor=bakery&pageSize=10"), "r1", default));
        var other = Assert.IsType<OkObjectResult>(await _functions.RecommendationsAsync(Http.Request(query: "?vendor=cheese"), "r1", default));
        var bad = Assert.IsType<BadRequestObjectResult>(await _functions.RecommendationsAsync(Http.Request(query: "?pageSize=many"), "r1", default));

        Assert.Single(Assert.IsType<ResultPage>(found.Value).Items);
        Assert.Empty(Assert.IsType<ResultPage>(other.Value).Items);
        Assert.Contains("pageSize", Assert.IsType<ValidationProblemDetails>(bad.Value).Errors.Keys);
    }

    [Fact]
    public async Task Feedback_answers_variances_and_a_bad_field_an_unknown_run_and_an_oversized_body_are_refused()
    {
        const string Day = """{"date": "2027-06-05", "market": "north", "vendor": "bakery", "product": "a", "unitsSold": 9, "unitsBrought": 12}""";

        var ok = Assert.IsType<OkObjectResult>(await _functions.FeedbackAsync(Http.Request("{\"actuals\": [" + Day + "]}"), "r1", default));
        var bad = Assert.IsType<BadRequestObjectResult>(await _functions.FeedbackAsync(Http.Request("""{"actuals": [{"date": "2027-06-05"}]}"""), "r1", default));
        var unknown = await _functions.FeedbackAsync(Http.Request("{\"actuals\": [" + Day + "]}"), "nope", default);
        var huge = Assert.IsType<ObjectResult>(await _functions.FeedbackAsync(Http.Request(new string(' ', StartRunRequest.MaxBodyBytes + 1)), "r1", default));

        var variance = Assert.Single(Assert.IsType<FeedbackResult>(ok.Value).Variances);
        Assert.Equal((12, 12, 9, 3), (variance.RecommendedUnits, variance.UnitsBrought, variance.UnitsSold, variance.WasteUnits));
        Assert.Contains("actuals[0].market", Assert.IsType<ValidationProblemDetails>(bad.Value).Errors.Keys);
        Assert.IsType<NotFoundObjectResult>(unknown);
        Assert.Equal(413, huge.StatusCode);
    }
}
