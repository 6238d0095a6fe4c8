using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Tests;

/// <summary>Parsing an input while it is still arriving (the direct partition's download) gives what parsing it whole gives.</summary>
public sealed class ArrivingInputTests
{
    [Fact]
    public async Task A_file_parsed_as_it_arrives_in_uneven_pieces_gives_the_same_records_as_parsed_whole()
    {
        var profile = BuiltInProfiles.Get("trades");
        var dir = Directory.CreateTempSubdirectory("recon-arriving-").FullName;
        try
        {
            Synthetic.ReconDataGenerator.WriteFiles("trades", 5000, 23, 0.05, dir);
            var leftBytes = File.ReadAllBytes(Path.Combine(dir, "left.csv"));
            var rightBytes = File.ReadAllBytes(Path.Combine(dir, "right.csv"));
            var left = new ArrivingBytes(new byte[leftBytes.Length]);
            var right = new ArrivingBytes(new byte[rightBytes.Length]);

            var parsing = ReconciliationPlanner.ParseAsync(profile, Task.FromResult(left), "left.csv", Task.FromResult(right), "right.csv");
            await Task.WhenAll(Task.Run(() => Feed(leftBytes, left, seed: 1)), Task.Run(() => Feed(rightBytes, right, seed: 2)));
            var (leftTable, rightTable) = await parsing;

            AssertSame(CsvRecordReader.Read(new MemoryStream(leftBytes), profile, RecordSide.Left, "left.csv"), leftTable);
            AssertSame(CsvRecordReader.Read(new MemoryStream(rightBytes), profile, RecordSide.Right, "right.csv"), rightTable);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Quoted_rows_that_span_lines_and_bad_rows_read_byte_by_byte_give_the_same_records_and_errors_as_read_whole()
    {
        var good = Encoding.UTF8.GetBytes("\uFEFF" + TestData.LeftHeader + "\r\n" +
            "A1,g,\"s,\"\"x\"\"\",1,2,2026-01-02,3\r\n" +
            "\"A\n2\",g,s,1,2,2026-01-02,3\n\n" +
            "a3,g ,s,1.5,2,2026-01-03,3");
        AssertSame(CsvRecordReader.Read(new MemoryStream(good), TestData.Profile, RecordSide.Left, "left.csv"), ReadArriving(good));

        var bad = Encoding.UTF8.GetBytes(TestData.LeftHeader + "\n" +
            "A1,g,s,1,2,2026-01-02,3\n" +
            "\"A\n2\",g,s,x,2,2026-01-02,3\n" +
            "A3,g,s,1,2,2026-02-30,3\n" +
            "A4,g,s\n");
        var whole = Assert.Throws<InvalidInputException>(() => CsvRecordReader.Read(new MemoryStream(bad), TestData.Profile, RecordSide.Left, "left.csv"));
        var arriving = Assert.Throws<InvalidInputException>(() => ReadArriving(bad));
        Assert.Equal(3, whole.Errors.Count);
        Assert.Equal(whole.Errors, arriving.Errors); // file, line, field and problem
    }

    [Fact]
    public async Task A_download_that_fails_is_reported_rather_than_the_bad_rows_of_what_arrived()
    {
        // What arrived ends mid-row (a value that is not a number yet); the download then fails, as a replaced blob does.
        var bytes = Encoding.UTF8.GetBytes(TestData.LeftHeader + "\nA1,g,s,1,2,2026-01-02,3\nA2,g,s,x");
        var input = new ArrivingBytes(new byte[bytes.Length + 100]);
        bytes.CopyTo(input.Data, 0);
        input.Arrived(bytes.Length);
        var other = Downloaded(TestData.RightHeader + "\nA1,g,s,1,2,2026-01-02,3\n");

        var parsing = ReconciliationPlanner.ParseAsync(TestData.Profile, Task.FromResult(input), "left.csv", Task.FromResult(other), "right.csv");
        input.Fail(new InvalidOperationException("left.csv was replaced while it was read"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => parsing);
        Assert.Equal("left.csv was replaced while it was read", error.Message);
    }

    [Fact]
    public async Task A_parse_that_finishes_waits_for_the_download_to_check_the_inputs_end()
    {
        var bytes = Encoding.UTF8.GetBytes(TestData.LeftHeader + "\nA1,g,s,1,2,2026-01-02,3\n");
        var left = new ArrivingBytes(bytes);
        left.Arrived(bytes.Length);
        var right = Downloaded(TestData.RightHeader + "\nA1,g,s,1,2,2026-01-02,3\n");

        var parsing = ReconciliationPlanner.ParseAsync(TestData.Profile, Task.FromResult(left), "left.csv", Task.FromResult(right), "right.csv");
        // Every byte is there, but the download has found more after them: the blob was replaced.
        left.Fail(new InvalidOperationException("longer than expected"));
        Assert.Equal("longer than expected", (await Assert.ThrowsAsync<InvalidOperationException>(() => parsing)).Message);
    }

    /// <summary>An input whose every byte has arrived and whose download has ended.</summary>
    private static ArrivingBytes Downloaded(string text)
    {
        var input = new ArrivingBytes(Encoding.UTF8.GetBytes(text));
        input.Arrived(input.Data.Length);
        input.Complete();
        return input;
    }

    private static RecordTable ReadArriving(byte[] bytes)
    {
        var input = new ArrivingBytes(new byte[bytes.Length]);
        var feeder = Task.Run(() =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                input.Data[i] = bytes[i];
                input.Arrived(i + 1);
                Thread.Yield();
            }

            input.Complete();
        });
        try
        {
            return CsvRecordReader.Read(input, TestData.Profile, RecordSide.Left, "left.csv");
        }
        finally
        {
            feeder.Wait();
        }
    }

    // Pieces of 1 byte to 64 KiB, so pieces end inside rows, fields, separators' blocks and CRLFs.
    private static void Feed(byte[] bytes, ArrivingBytes input, int seed)
    {
        var random = new Random(seed);
        var at = 0;
        while (at < bytes.Length)
        {
            var n = Math.Min(bytes.Length - at, random.Next(4) == 0 ? random.Next(1, 8) : random.Next(1, 1 << 16));
            bytes.AsSpan(at, n).CopyTo(input.Data.AsSpan(at));
            at += n;
            input.Arrived(at);
            Thread.Yield();
        }

        input.Complete();
    }

    private static void AssertSame(RecordTable expected, RecordTable actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var rows = Enumerable.Range(0, expected.Count).ToArray();
        Assert.Equal(BucketFile.Encode(expected, rows), BucketFile.Encode(actual, rows));
        Assert.Equal(rows.Select(expected.Line), rows.Select(actual.Line));
        Assert.Equal(rows.Select(expected.Record), rows.Select(actual.Record));
        foreach (var field in expected.Profile.Fields)
        {
            Assert.Equal(rows.Select(r => expected.Display(field.Index, r)), rows.Select(r => actual.Display(field.Index, r)));
        }
    }
}
