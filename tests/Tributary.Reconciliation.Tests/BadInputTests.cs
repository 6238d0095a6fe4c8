using System.Text;
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
    public void Bytes_that_are_not_utf8_and_control_characters_in_text_are_errors_naming_file_line_and_field()
    {
        // Row 2: `AC\xE9009` (Latin-1, not UTF-8) in the key; row 3: a NUL inside the key; row 4: a DEL in the group.
        var bytes = Encoding.UTF8.GetBytes(TestData.LeftHeader + "\nAC_009,G,S,10,100,2026-01-01,1000\nACC_007,G,S,10,100,2026-01-01,1000\nB,G_,S,1,1,2026-01-01,1\n");
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0xE9;
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0x00;
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0x7F;

        var e = Assert.Throws<InvalidInputException>(() => CsvRecordReader.Read(new MemoryStream(bytes), TestData.Profile, RecordSide.Left, "left.csv"));

        Assert.Equal([("left.csv", 2L, "id"), ("left.csv", 3L, "id"), ("left.csv", 4L, "grp")], e.Errors.Select(x => (x.File, x.Line, x.Field)));
        Assert.Equal("byte 0xE9 at position 3 is not UTF-8 text; save the file as UTF-8", e.Errors[0].Problem);
        Assert.Equal("control character U+0000 at position 4 is not allowed in text", e.Errors[1].Problem);
        Assert.Equal("control character U+007F at position 2 is not allowed in text", e.Errors[2].Problem);
    }

    [Fact]
    public void Text_in_other_scripts_and_tabs_inside_a_value_are_still_read()
    {
        var table = TestData.Left("Zürich 7,\"G\t1\",S,10,100,2026-01-01,1000");

        Assert.Equal(("ZÜRICH 7", "G 1"), (table.Text(0, 0), table.Text(1, 0)));
    }

    [Fact]
    public void An_input_file_with_only_its_header_is_refused_and_a_run_reports_no_breaks_for_it()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-recon-header-").FullName;
        try
        {
            var left = Path.Combine(folder, "left.csv");
            var right = Path.Combine(folder, "right.csv");
            File.WriteAllText(left, TestData.LeftHeader + "\nA,G,S,10,100,2026-01-01,1000\n");
            File.WriteAllText(right, TestData.RightHeader + "\n");

            var e = Assert.Throws<InvalidInputException>(() => CsvRecordReader.ReadFile(right, TestData.Profile, RecordSide.Right));
            var planned = Assert.Throws<InvalidInputException>(() => Tributary.Reconciliation.Partitioning.ReconciliationPlanner.Plan(
                TestData.Profile, File.OpenRead(left), "left.csv", File.OpenRead(right), "right.csv", 2, (_, _) => new MemoryStream()));

            var error = Assert.Single(e.Errors);
            Assert.Equal((right, 2L, "no data rows: the file has only its header"), (error.File, error.Line, error.Problem));
            Assert.Equal("right.csv", Assert.Single(planned.Errors).File);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
