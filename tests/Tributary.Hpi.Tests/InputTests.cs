using Tributary.Abstractions.Input;
using Tributary.Hpi.Input;

namespace Tributary.Hpi.Tests;

/// <summary>Bad input is reported with file, line and field; with skip-invalid it is counted by reason.</summary>
public sealed class InputTests
{
    private const string Tracts = HandMarket.TractHeader + "\n01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n";

    private static InputError SingleError(string transactions, string tracts = Tracts)
    {
        var e = Assert.Throws<InvalidInputException>(() => HandMarket.Load(transactions, tracts));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void A_missing_column_names_the_column_and_the_header_line()
    {
        var error = SingleError("property_id,transaction_date,census_tract,cbsa_code\nA,2010-01-01,01001000100,10000\n");
        Assert.Equal(("transactions.csv", 1L, "price"), (error.File, error.Line, error.Field));
        Assert.Contains("missing column", error.Problem);
    }

    [Theory]
    [InlineData("A,2010-02-30,100000,01001000100,10000", "transaction_date", "not a date")]
    [InlineData("A,10/01/2010,100000,01001000100,10000", "transaction_date", "not a date")]
    [InlineData("A,2010-01-01,12abc,01001000100,10000", "price", "not a number")]
    [InlineData("A,2010-01-01,-5,01001000100,10000", "price", "not positive")]
    [InlineData("A,2010-01-01,0,01001000100,10000", "price", "not positive")]
    [InlineData("A,2010-01-01,100000,1001000100,10000", "census_tract", "not in the tracts file")]
    [InlineData("A,2010-01-01,100000,01001000100,20000", "cbsa_code", "differs")]
    [InlineData("A,2010-01-01,,01001000100,10000", "price", "empty")]
    public void A_bad_row_names_file_line_and_field(string row, string field, string problem)
    {
        var error = SingleError(HandMarket.TransactionHeader + "\nB,2009-01-01,90000,01001000100,10000\n" + row + "\n");
        Assert.Equal(("transactions.csv", 3L, field), (error.File, error.Line, error.Field));
        Assert.Contains(problem, error.Problem);
        Assert.Contains("transactions.csv:3", error.ToString());
    }

    [Fact]
    public void Tract_codes_are_strings_that_keep_leading_zeros()
    {
        var dataset = HandMarket.Load(HandMarket.TransactionHeader + "\nA,2010-01-01,100000,01001000100,10000\n", Tracts);
        Assert.Equal("01001000100", dataset.Tracts.Tracts[dataset.Transactions.Tract[0]].Code);
    }

    [Fact]
    public void Bad_tract_rows_name_their_field()
    {
        var e = Assert.Throws<InvalidInputException>(() => HandMarket.Load(HandMarket.TransactionHeader + "\n",
            HandMarket.TractHeader + "\n01001000100,10000,95,-75,100,1e7,5e6,0.3,0.3\n01001000200,10000,40,-75,100,1e7,5e6,1.3,0.3\n"));
        Assert.Equal([(2L, "centroid_lat"), (3L, "college_share")], e.Errors.Select(x => (x.Line, x.Field!)));
    }

    [Fact]
    public void Skip_invalid_counts_rejects_by_reason_and_keeps_the_good_rows()
    {
        var dataset = HandMarket.Load(HandMarket.TransactionHeader + "\n"
            + "A,2010-01-01,100000,01001000100,10000\n"
            + "A,2011-13-01,100000,01001000100,10000\n"
            + "B,2011-01-01,-1,01001000100,10000\n"
            + "C,2011-01-01,-2,01001000100,10000\n"
            + "D,2011-01-01,100,99999999999,10000\n"
            + "A,2012-01-01,110000,01001000100,10000\n", Tracts, skipInvalid: true);
        Assert.Equal(2, dataset.Transactions.Count);
        Assert.Equal(4, dataset.Rejects.Total);
        Assert.Equal(1, dataset.Rejects.ByReason[RejectReason.BadDate]);
        Assert.Equal(2, dataset.Rejects.ByReason[RejectReason.NonPositivePrice]);
        Assert.Equal(1, dataset.Rejects.ByReason[RejectReason.UnknownTract]);
        Assert.Equal(3L, dataset.Rejects.Examples[0].Line);
    }

    [Fact]
    public void Many_bad_rows_are_reported_together_up_to_a_cap()
    {
        var rows = string.Concat(Enumerable.Range(0, 150).Select(i => $"P{i},2010-01-01,x,01001000100,10000\n"));
        var e = Assert.Throws<InvalidInputException>(() => HandMarket.Load(HandMarket.TransactionHeader + "\n" + rows, Tracts));
        Assert.Equal(100, e.Errors.Count);
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), e.Errors.Select(x => x.Line));
    }

    [Fact]
    public void Rows_with_too_many_or_too_few_fields_name_file_line_and_count()
    {
        var e = Assert.Throws<InvalidInputException>(() => HandMarket.Load(HandMarket.TransactionHeader + "\n"
            + "A,2010-01-01,100000,01001000100,10000\n"
            + "A,2011-01-01,100000,01001000100,10000,extra\n"
            + "A,2012-01-01,100000,01001000100\n", Tracts));

        Assert.Equal([("transactions.csv", 3L), ("transactions.csv", 4L)], e.Errors.Select(x => (x.File, x.Line)));
        Assert.Equal(["6 fields, but the header has 5", "4 fields, but the header has 5"], e.Errors.Select(x => x.Problem));
    }

    [Fact]
    public void Skip_invalid_counts_rows_with_the_wrong_field_count_as_rejects()
    {
        var dataset = HandMarket.Load(HandMarket.TransactionHeader + "\n"
            + "A,2010-01-01,100000,01001000100,10000\n"
            + "A,2011-01-01,100000,01001000100,10000,extra\n"
            + "A,2012-01-01,110000,01001000100,10000\n", Tracts, skipInvalid: true);

        Assert.Equal(2, dataset.Transactions.Count);
        Assert.Equal(1, dataset.Rejects.ByReason[RejectReason.FieldCount]);
        Assert.Equal(3L, Assert.Single(dataset.Rejects.Examples).Line);
    }

    [Fact]
    public void A_transactions_file_with_only_its_header_fails_saying_so()
    {
        var error = SingleError(HandMarket.TransactionHeader + "\n");

        Assert.Equal(("transactions.csv", 0L), (error.File, error.Line));
        Assert.Contains("no data rows", error.Problem);
    }
}
