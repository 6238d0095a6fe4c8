using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void A_missing_column_is_named_with_the_file_and_header_line()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            TestData.Read(RecordSide.Right, "ref,grp,sec,qty,d,amt", ["A,G,S,1,2026-01-01,1"]));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("right.csv", 1L, "px"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Unparsable_numbers_and_dates_name_file_line_and_column()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestData.Left(
            "A,G,S,10,100,2026-01-01,1000",
            "B,G,S,ten,100,2026-01-01,1000",
            "C,G,S,10,100,2026-02-30,1000",
            "D,G,S,10,,2026-01-01,1000"));
        Assert.Equal([("left.csv", 3L, "qty"), ("left.csv", 4L, "d"), ("left.csv", 5L, "px")],
            e.Errors.Select(x => (x.File, x.Line, x.Field)));
        Assert.Contains("'ten' is not a number", e.Errors[0].Problem);
    }

    [Fact]
    public void A_row_with_the_wrong_field_count_is_reported_and_quoted_fields_are_read()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestData.Left("A,G,S,10,100,2026-01-01"));
        Assert.Equal(2, Assert.Single(e.Errors).Line);

        var table = TestData.Left("\"A,1\",\"G \"\"x\"\"\",S,10,100,2026-01-01,1000");
        Assert.Equal(("A,1", "G \"X\""), (table.Text(0, 0), table.Text(1, 0)));
    }

    [Fact]
    public void Profile_validation_names_the_field_path()
    {
        var json = TestData.ProfileJson
            .Replace("\"kind\": \"relative\"", "\"kind\": \"percent\"")
            .Replace("\"partitionKey\": [\"grp\"]", "\"partitionKey\": [\"nope\"]");
        var e = Assert.Throws<InvalidInputException>(() => ProfileLoader.Parse(json, "mine.json"));
        Assert.Equal(["compare[1].tolerance.kind", "partitionKey[0]"], e.Errors.Select(x => x.Field).Order());
        Assert.All(e.Errors, x => Assert.Equal("mine.json", x.File));
    }

    [Fact]
    public void Every_built_in_profile_loads_and_unknown_profile_names_are_refused()
    {
        Assert.All(BuiltInProfiles.Names, n => Assert.Equal(n, ProfileLoader.Resolve(n).Name));
        Assert.Throws<InvalidInputException>(() => ProfileLoader.Resolve("tradez"));
    }
}
