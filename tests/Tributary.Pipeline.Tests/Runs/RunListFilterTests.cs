using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Tests.Runs;

public sealed class RunListFilterTests
{
    [Fact]
    public void Valid_values_become_the_filter()
    {
        var query = RunListFilter.Parse("completed, Failed", " hpi ", "2026-11-01", "2026-11-23T12:00:00Z", "250", "tok", out var errors);

        Assert.Empty(errors);
        Assert.Equal([RuntimeStatus.Completed, RuntimeStatus.Failed], query.Statuses);
        Assert.Equal("hpi", query.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), query.CreatedFrom);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), query.CreatedTo);
        Assert.Equal(250, query.PageSize);
        Assert.Equal("tok", query.ContinuationToken);
    }

    [Fact]
    public void Absent_values_mean_no_filter_and_the_default_page()
    {
        var filter = RunListFilter.Parse(null, "", null, " ", null, "", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new RunListFilter(null, null, null, null, RunListFilter.DefaultPageSize, null), filter);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    [InlineData("-5")]
    [InlineData("2.5")]
    public void A_page_size_outside_one_to_the_cap_names_page_size(string pageSize)
    {
        RunListFilter.Parse(null, null, null, null, pageSize, null, out var errors);

        var (field, problem) = Assert.Single(errors);
        Assert.Equal("pageSize", field);
        Assert.Contains(pageSize, problem);
    }

    [Fact]
    public void Every_bad_value_is_reported_with_its_parameter()
    {
        RunListFilter.Parse("Completed,Sleeping", null, "yesterday", "soon", "1000", null, out var errors);

        Assert.Equal(["status", "createdFrom", "createdTo"], errors.Select(e => e.Field));
        Assert.Contains("'Sleeping' is not one of", errors[0].Problem);
        Assert.Contains("'yesterday'", errors[1].Problem);
    }
}
