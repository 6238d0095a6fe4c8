using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Tests.Support;

namespace Tributary.Pipeline.Tests.Results;

public sealed class ResultQueriesTests
{
    private readonly InMemoryDocumentStore _documents = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Breaks_page_size_above_the_cap_is_a_problem_naming_pageSize()
    {
        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", null, null, null, ResultQueries.MaxPageSize + 1, null, _ct));

        Assert.Equal("invalid", outcome.Case);
        Assert.Equal("pageSize", outcome.Field);
        Assert.Contains(ResultQueries.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Breaks_page_size_below_one_is_a_problem_naming_pageSize(int pageSize)
    {
        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", null, null, null, pageSize, null, _ct));

        Assert.Equal(("invalid", "pageSize"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Breaks_at_the_cap_are_paged_and_the_token_reads_the_rest()
    {
        const int stored = ResultQueries.MaxPageSize + 7;
        for (var i = 0; i < stored; i++)
        {
            await StoreBreakAsync("r1", $"b{i:D4}", "open", "high");
        }

        var queries = new ResultQueries(_documents);
        var first = Outcome<ResultPage>.Of(await queries.BreaksAsync("r1", null, null, null, ResultQueries.MaxPageSize, null, _ct));
        Assert.Equal("found", first.Case);
        Assert.Equal(ResultQueries.MaxPageSize, first.Value!.Items.Count);
        Assert.NotNull(first.Value.ContinuationToken);

        var rest = Outcome<ResultPage>.Of(await queries.BreaksAsync("r1", null, null, null, ResultQueries.MaxPageSize, first.Value.ContinuationToken, _ct));
        Assert.Equal(7, rest.Value!.Items.Count);
        Assert.Null(rest.Value.ContinuationToken);
    }

    [Fact]
    public async Task Breaks_without_a_page_size_use_the_default_page()
    {
        for (var i = 0; i < ResultQueries.DefaultPageSize + 1; i++)
        {
            await StoreBreakAsync("r1", $"b{i:D4}", "open", "high");
        }

        var page = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", null, null, null, null, null, _ct)).Value!;

        Assert.Equal(ResultQueries.DefaultPageSize, page.Items.Count);
        Assert.NotNull(page.ContinuationToken);
    }

    [Fact]
    public async Task Breaks_filter_by_severity_and_status_within_the_run()
    {
        await StoreBreakAsync("r1", "b1", "open", "high");
        await StoreBreakAsync("r1", "b2", "open", "low");
        await StoreBreakAsync("r1", "b3", "closed", "high");
        await StoreBreakAsync("r2", "b4", "open", "high");

        var page = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", "high", null, "open", null, null, _ct)).Value!;

        Assert.Equal(["b1"], page.Items.Select(i => i.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("Open", "HIGH", null)]
    [InlineData("OPEN", "High", "Amount-Difference")]
    public async Task Break_filters_match_their_values_in_any_case(string status, string severity, string? type)
    {
        await StoreBreakAsync("r1", "b1", "open", "high");
        await StoreBreakAsync("r1", "b2", "in_review", "high");

        var page = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", severity, type, status, null, null, _ct)).Value!;
        var inReview = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", null, null, "InReview", null, null, _ct)).Value!;

        Assert.Equal(["b1"], page.Items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["b2"], inReview.Items.Select(i => i.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("status", "Opn", "'Opn' is not a break status; did you mean 'open'? Allowed (any case): open, in_review, resolved, escalated, closed")]
    [InlineData("severity", "urgent", "'urgent' is not a break severity Allowed (any case): low, medium, high, critical")]
    [InlineData("type", "unmatchd", "'unmatchd' is not a break type; did you mean 'unmatched'? Allowed (any case): ")]
    public async Task An_unknown_break_filter_value_is_refused_naming_the_allowed_ones_and_the_closest(string field, string value, string problem)
    {
        var queries = new ResultQueries(_documents);

        var outcome = Outcome<ResultPage>.Of(await queries.BreaksAsync("r1", field == "severity" ? value : null, field == "type" ? value : null, field == "status" ? value : null, null, null, _ct));

        Assert.Equal(("invalid", field), (outcome.Case, outcome.Field));
        Assert.StartsWith(problem, outcome.Text);
    }

    [Fact]
    public async Task Breaks_filter_longer_than_64_characters_names_its_field()
    {
        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("r1", null, new string('x', 65), null, null, null, _ct));

        Assert.Equal(("invalid", "type"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Breaks_of_an_unknown_run_are_an_empty_page_not_a_404()
    {
        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).BreaksAsync("nope", null, null, null, null, null, _ct));

        Assert.Equal("found", outcome.Case);
        Assert.Empty(outcome.Value!.Items);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("12345; DROP")]
    [InlineData("National")]
    public async Task Hpi_bad_cbsa_is_a_problem_naming_cbsa(string cbsa)
    {
        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).HpiSeriesAsync(cbsa, null, null, _ct));

        Assert.Equal(("invalid", "cbsa"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Hpi_unknown_weighting_is_a_problem_naming_weighting()
    {
        await StoreSeriesAsync("12060", "ds1", "sample");

        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).HpiSeriesAsync("12060", "median", null, _ct));

        Assert.Equal(("invalid", "weighting"), (outcome.Case, outcome.Field));
        Assert.Contains("'median'", outcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hpi_filters_by_weighting_and_dataset()
    {
        await StoreSeriesAsync("12060", "ds1", "sample");
        await StoreSeriesAsync("12060", "ds1", "value");
        await StoreSeriesAsync("12060", "ds2", "sample");

        var queries = new ResultQueries(_documents);
        var byWeighting = Outcome<ResultPage>.Of(await queries.HpiSeriesAsync("12060", "sample", null, _ct)).Value!;
        var byBoth = Outcome<ResultPage>.Of(await queries.HpiSeriesAsync("12060", "sample", "ds2", _ct)).Value!;

        Assert.Equal(2, byWeighting.Items.Count);
        Assert.Equal([HpiSeriesDocument.IdOf("ds2", "12060", "sample")], byBoth.Items.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Hpi_of_an_unknown_cbsa_is_missing()
    {
        await StoreSeriesAsync("12060", "ds1", "sample");

        var outcome = Outcome<ResultPage>.Of(await new ResultQueries(_documents).HpiSeriesAsync("99999", null, null, _ct));

        Assert.Equal("missing", outcome.Case);
        Assert.Contains("99999", outcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generation_run_unknown_is_missing_and_known_is_found()
    {
        await _documents.UpsertAsync(ResultContainers.GenRuns, "g1", "manifest", new { id = "manifest", runId = "g1" }, _ct);
        var queries = new ResultQueries(_documents);

        var unknown = Outcome<ResultPage>.Of(await queries.GenerationRunAsync("g2", _ct));
        var known = Outcome<ResultPage>.Of(await queries.GenerationRunAsync("g1", _ct));

        Assert.Equal(("missing", "generation run g2"), (unknown.Case, unknown.Text));
        Assert.Equal("found", known.Case);
        Assert.Equal("manifest", Assert.Single(known.Value!.Items).GetProperty("id").GetString());
    }

    private Task StoreBreakAsync(string runId, string id, string status, string severity) =>
        _documents.UpsertAsync(ResultContainers.ReconBreaks, runId, id, Breaks.Document(runId, id, status) with { Severity = severity }, _ct);

    private Task StoreSeriesAsync(string cbsa, string dataset, string weighting) =>
        _documents.UpsertAsync(ResultContainers.HpiSeries, cbsa, HpiSeriesDocument.IdOf(dataset, cbsa, weighting),
            new HpiSeriesDocument(HpiSeriesDocument.IdOf(dataset, cbsa, weighting), cbsa, dataset, weighting, "run1", 2000, []), _ct);
}
