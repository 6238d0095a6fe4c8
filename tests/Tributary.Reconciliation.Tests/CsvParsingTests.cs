using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Tests;

/// <summary>The byte-level reader: line ends, quotes, empty fields, normalisation and number forms.</summary>
public sealed class CsvParsingTests
{
    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_blank_lines_and_a_last_line_without_a_newline_are_read()
    {
        var text = "\uFEFF" + TestData.LeftHeader + "\r\nA,G,S,10,100,2026-01-01,1000\r\n\r\nB,G,S,20,5.5,2026-01-02,110";

        var table = Read(text);

        Assert.Equal(2, table.Count);
        Assert.Equal(("A", "B"), (table.Text(0, 0), table.Text(0, 1)));
        Assert.Equal((1000m, 110m), (table.Number(6, 0), table.Number(6, 1)));
        Assert.Equal(4L, table.Line(1));
    }

    [Fact]
    public void Quoted_fields_keep_commas_escaped_quotes_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        var table = Read(TestData.LeftHeader + "\n" +
                         "\"A,1\",\"G \"\"Q\"\"\",\"S\r\nT\",10,100,2026-01-01,1000\r\n" +
                         "B,G,S,20,100,2026-01-01,1000\n");

        Assert.Equal("A,1", table.Text(0, 0));
        Assert.Equal("G \"Q\"", table.Text(1, 0));
        Assert.Equal("S T", table.Text(2, 0)); // the line break inside the quotes is whitespace: one space
        Assert.Equal(4L, table.Line(1)); // the quoted row spans lines 2 and 3

        var e = Assert.Throws<InvalidInputException>(() => Read(TestData.LeftHeader + "\n" +
            "\"A\nB\",G,S,10,100,2026-01-01,1000\nC,G,S,x,100,2026-01-01,1000\n"));
        Assert.Equal((4L, "qty"), (Assert.Single(e.Errors).Line, e.Errors[0].Field));
    }

    [Fact]
    public void Empty_fields_are_empty_text_and_missing_numbers_are_errors()
    {
        var table = Read(TestData.LeftHeader + "\n,,,1,2,2026-01-01,3\n");
        Assert.Equal(("", "", ""), (table.Text(0, 0), table.Text(1, 0), table.Text(2, 0)));

        var e = Assert.Throws<InvalidInputException>(() => Read(TestData.LeftHeader + "\nA,G,S,,2,2026-01-01,3\n"));
        Assert.Equal("a number is required", Assert.Single(e.Errors).Problem);
    }

    [Theory]
    [InlineData("abc", "ABC")]
    [InlineData("  a  b\tc ", "A B C")]
    [InlineData("\"  x \"", "X")]
    [InlineData("ACC001é", "ACC001É")]
    [InlineData("\"ALREADY NORMAL\"", "ALREADY NORMAL")]
    [InlineData("T 1", "T 1")]
    [InlineData("  usd  ", "USD")]
    [InlineData("a   b c", "A B C")]
    [InlineData("\"x,y\"", "X,Y")]
    public void Text_is_normalised_whether_it_stays_in_the_input_or_not(string field, string expected)
    {
        var table = Read($"{TestData.LeftHeader}\n{field},G,S,1,2,2026-01-01,3\nZ,G,S,1,2,2026-01-01,3\n");

        Assert.Equal(expected, table.Text(0, 0));
        Assert.Equal("Z", table.Text(0, 1));
    }

    [Fact]
    public void Rows_longer_than_a_vector_block_and_values_across_block_edges_are_split_right()
    {
        // Fields of 1 to 99 characters put separators at every offset of the 64-byte blocks the scanner reads.
        var rows = Enumerable.Range(1, 99).Select(n => $"{new string('K', n)},G{n},S,{n},1.5,2026-01-01,{n}.25").ToArray();

        var table = TestData.Left(rows);

        Assert.Equal(99, table.Count);
        for (var n = 1; n <= 99; n++)
        {
            Assert.Equal(new string('K', n), table.Text(0, n - 1));
            Assert.Equal($"G{n}", table.Text(1, n - 1));
            Assert.Equal(n + 0.25m, table.Number(6, n - 1));
        }
    }

    [Theory]
    [InlineData("1.50")]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData("007")]
    [InlineData(" 12 ")]
    [InlineData("1e3")]
    [InlineData("+5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1234567890123456789012")]
    public void Numbers_keep_the_value_and_scale_the_standard_parser_gives(string text)
    {
        var table = Read($"{TestData.LeftHeader}\nA,G,S,{text},1,2026-01-01,1\n");

        Assert.True(Utf8Parser.TryParse(Encoding.ASCII.GetBytes(text.Trim()), out decimal expected, out _));
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(table.Number(3, 0)));
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), table.Display(3, 0));
    }

    [Fact]
    public void The_decimal_fast_path_agrees_with_the_standard_parser_on_every_form()
    {
        var random = new Random(5);
        const string alphabet = "0123456789.-+eE ";
        for (var i = 0; i < 200_000; i++)
        {
            // Mostly plausible numbers, some junk: both parsers must accept and refuse the same texts, with the same bits.
            var length = random.Next(1, 24);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = random.Next(10) < 8 ? (char)('0' + random.Next(10)) : alphabet[random.Next(alphabet.Length)];
            }

            var bytes = Encoding.ASCII.GetBytes(chars);
            var expectedOk = Utf8Parser.TryParse(bytes, out decimal expected, out var used) && used == bytes.Length;
            var ok = DecimalText.TryParse(bytes, out var value);

            Assert.Equal(expectedOk, ok);
            if (ok)
            {
                Assert.Equal(decimal.GetBits(expected), decimal.GetBits(value));
            }
        }
    }

    [Fact]
    public void Many_keys_on_either_side_that_never_meet_are_all_unmatched_and_shared_ones_match()
    {
        // 1,500 keys per side, 500 of them shared: the key table has to grow past its first size.
        var left = TestData.Left(Enumerable.Range(0, 1_500).Select(i => $"K{i},G{i % 7},S{i},1,1,2026-01-01,1").ToArray());
        var right = TestData.Right(Enumerable.Range(1_000, 1_500).Select(i => $"K{i},G{i % 7},S{i},1,1,2026-01-01,1").ToArray());

        var result = BucketReconciler.Reconcile(TestData.Profile, left, right, null);

        Assert.Equal(500, result.Summary.MatchedLeftByPass["exact_key"]);
        Assert.Equal(2_000, result.Breaks.Count(b => b.BreakType == "unmatched"));
        Assert.Equal(1_000, result.Breaks.Count(b => b.Side == "left"));
    }

    private static RecordTable Read(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return CsvRecordReader.Read(stream, TestData.Profile, RecordSide.Left, "left.csv");
    }
}
