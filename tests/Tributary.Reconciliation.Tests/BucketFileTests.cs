using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Tests;

/// <summary>The planner's staged bucket files (Partitioning/BucketFile): what goes in comes back, and damage is refused by name.</summary>
public sealed class BucketFileTests
{
    public static TheoryData<string> Profiles => [.. BuiltInProfiles.Names];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_bucket_reads_back_with_every_value_line_and_record_number_of_its_rows(string name)
    {
        var profile = BuiltInProfiles.Get(name);
        foreach (var side in new[] { RecordSide.Left, RecordSide.Right })
        {
            var table = Read(profile, side, 400, seed: 5);
            // Every third row, backwards: a bucket's rows are any subset of the input, in any order.
            var rows = Enumerable.Range(0, table.Count).Where(r => r % 3 == 1).Reverse().ToArray();

            var back = BucketFile.Read(BucketFile.Encode(table, rows), profile, side, "b.bucket");

            Assert.Equal(rows.Length, back.Count);
            Assert.Equal("b.bucket", back.Source);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(table.Line(rows[i]), back.Line(i));
                Assert.Equal(table.Record(rows[i]), back.Record(i));
                foreach (var field in profile.Fields)
                {
                    Assert.Equal(table.Has(field.Index), back.Has(field.Index));
                    Assert.Equal(table.Display(field.Index, rows[i]), back.Display(field.Index, i));
                    Assert.Equal(table.Number(field.Index, rows[i]), back.Number(field.Index, i));
                    Assert.Equal(table.Day(field.Index, rows[i]), back.Day(field.Index, i));
                    Assert.True(table.TextBytes(field.Index, rows[i]).SequenceEqual(back.TextBytes(field.Index, i)), $"{field.Name}, row {i}");
                }
            }
        }
    }

    [Fact]
    public void Buckets_read_back_reconcile_to_the_same_breaks_as_the_rows_they_were_written_from()
    {
        var profile = BuiltInProfiles.Get("trades");
        var left = Read(profile, RecordSide.Left, 2000, seed: 9);
        var right = Read(profile, RecordSide.Right, 2000, seed: 9);
        var leftRows = BucketHasher.Split(left, 3)[1];
        var rightRows = BucketHasher.Split(right, 3)[1];

        var direct = BucketReconciler.Reconcile(profile, left.Select(leftRows), right.Select(rightRows), null);
        var staged = BucketReconciler.Reconcile(profile,
            BucketFile.Read(BucketFile.Encode(left, leftRows), profile, RecordSide.Left, "left.bucket"),
            BucketFile.Read(BucketFile.Encode(right, rightRows), profile, RecordSide.Right, "right.bucket"), null);

        Assert.NotEmpty(direct.Breaks);
        Assert.Equal(direct.Breaks, staged.Breaks);
        Assert.Equal(direct.Suggestions.Count, staged.Suggestions.Count);
    }

    [Fact]
    public void An_empty_bucket_reads_back_empty()
    {
        var profile = BuiltInProfiles.Get("trades");
        var table = Read(profile, RecordSide.Right, 10, seed: 1);
        Assert.Equal(0, BucketFile.Read(BucketFile.Encode(table, []), profile, RecordSide.Right, "empty.bucket").Count);
    }

    [Fact]
    public void A_damaged_or_cut_short_bucket_is_refused_with_its_name_never_read_as_other_values()
    {
        var profile = BuiltInProfiles.Get("trades");
        var table = Read(profile, RecordSide.Left, 200, seed: 3);
        var good = BucketFile.Encode(table, Enumerable.Range(0, table.Count).ToArray());

        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x20;
        var cut = good[..^100];

        foreach (var (bytes, problem) in new[] { (flipped, "checksum"), (cut, "checksum"), (good[..6], "header"), ("id,amount\n1,2\n"u8.ToArray(), "header") })
        {
            var e = Assert.Throws<InvalidDataException>(() => BucketFile.Read(bytes, profile, RecordSide.Left, "recon-staging/r1/b0001/left.bucket"));
            Assert.StartsWith("recon-staging/r1/b0001/left.bucket: ", e.Message, StringComparison.Ordinal);
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bucket_of_the_other_side_or_another_profile_is_refused()
    {
        var trades = BuiltInProfiles.Get("trades");
        var table = Read(trades, RecordSide.Left, 50, seed: 4);
        var bytes = BucketFile.Encode(table, [0, 1, 2]);

        var side = Assert.Throws<InvalidDataException>(() => BucketFile.Read(bytes, trades, RecordSide.Right, "x.bucket"));
        Assert.Contains("other side", side.Message, StringComparison.Ordinal);
        var other = BuiltInProfiles.Get(BuiltInProfiles.Names.First(n => n != "trades"));
        var profile = Assert.Throws<InvalidDataException>(() => BucketFile.Read(bytes, other, RecordSide.Left, "x.bucket"));
        Assert.Contains($"profile {other.Name}", profile.Message, StringComparison.Ordinal);
    }

    private static RecordTable Read(ReconciliationProfile profile, RecordSide side, int count, int seed)
    {
        var data = ReconDataGenerator.Generate(profile.Name, count, seed, breakRate: 0.1);
        using var csv = new MemoryStream();
        ReconDataGenerator.WriteSide(profile, side, side == RecordSide.Left ? data.Left : data.Right, csv);
        csv.Position = 0;
        return CsvRecordReader.Read(csv, profile, side, $"{side}.csv");
    }
}
