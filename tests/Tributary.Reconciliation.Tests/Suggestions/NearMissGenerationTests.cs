using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class NearMissGenerationTests
{
    /// <summary>docs/examples, found from the test's output folder.</summary>
    public static string Examples { get; } = Path.Combine(Root(), "docs", "examples");

    public static TheoryData<string> Domains() => new(["trades", "inventory", "pos", "payments", "payroll", "marketplace", "claims", "subscriptions"]);

    [Theory]
    [MemberData(nameof(Domains))]
    public void Near_misses_slip_past_every_pass_and_nothing_else_changes(string domain)
    {
        var profile = Profile(domain);
        var data = ReconDataGenerator.Generate(profile, 4000, 23, 0.02, 0.05);
        var result = ReconciliationRun.Reconcile(profile, Read(data, RecordSide.Left), Read(data, RecordSide.Right), 3);

        // Every planted near-miss record is an unmatched break and every planted break is found, nothing else.
        var expected = data.Expected.Select(e => (e.BreakType, e.Side, e.Key, e.Field, e.Severity)).Order().ToList();
        var found = result.Breaks.Select(b => (b.BreakType, b.Side, b.Key, b.Field, Breaks.SeverityNames.Name(b.Severity))).Order().ToList();
        Assert.Equal(expected, found);

        var truth = data.ExpectedSuggestions;
        Assert.True(truth.Count > 100);
        var unmatchedLeft = result.Breaks.Where(b => b.LeftRecord is not null && b.MatchPass == Breaks.MatchPass.Unmatched).Select(b => b.LeftRecord!.Value).ToHashSet();
        var unmatchedRight = result.Breaks.Where(b => b.RightRecord is not null && b.MatchPass == Breaks.MatchPass.Unmatched).Select(b => b.RightRecord!.Value).ToHashSet();
        Assert.All(truth, t => Assert.True(t.LeftRecords.All(unmatchedLeft.Contains) && t.RightRecords.All(unmatchedRight.Contains), t.ToString()));
        Assert.Contains(truth, t => t.Kind == ExpectedSuggestion.None);
        Assert.Contains(truth, t => t.Recipe == ExpectedSuggestion.AmbiguousRecipe);
    }

    [Fact]
    public void Without_near_misses_the_files_are_what_they_were()
    {
        var before = ReconDataGenerator.Generate("pos", 2000, 9, 0.05);
        var after = ReconDataGenerator.Generate(BuiltInProfiles.Get("pos"), 2000, 9, 0.05, 0);
        Assert.Empty(after.ExpectedSuggestions);
        Assert.Equal(Bytes(before, RecordSide.Right), Bytes(after, RecordSide.Right));
        Assert.Equal(Bytes(before, RecordSide.Left), Bytes(after, RecordSide.Left));
    }

    [Fact]
    public void Expected_suggestions_csv_lists_the_truth_by_record_number()
    {
        var dir = Directory.CreateTempSubdirectory("recon-nm-").FullName;
        try
        {
            var data = ReconDataGenerator.WriteFiles(BuiltInProfiles.Get("payments"), 1500, 4, 0.02, 0.05, dir);
            var lines = File.ReadAllLines(Path.Combine(dir, "expected_suggestions.csv"));
            Assert.Equal("kind,left_records,right_records,recipe", lines[0]);
            Assert.Equal(data.ExpectedSuggestions.Count, lines.Length - 1);
            var e = data.ExpectedSuggestions[0];
            Assert.Equal($"{e.Kind},{string.Join(';', e.LeftRecords)},{string.Join(';', e.RightRecords)},{e.Recipe}", lines[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static ReconciliationProfile Profile(string domain) =>
        BuiltInProfiles.Names.Contains(domain) ? BuiltInProfiles.Get(domain) : ProfileLoader.Resolve(Path.Combine(Examples, domain + ".json"));

    private static RecordTable Read(GeneratedData data, RecordSide side) =>
        CsvRecordReader.Read(new MemoryStream(Bytes(data, side)), data.Profile, side, side.ToString());

    private static byte[] Bytes(GeneratedData data, RecordSide side)
    {
        using var stream = new MemoryStream();
        ReconDataGenerator.WriteSide(data.Profile, side, side == RecordSide.Left ? data.Left : data.Right, stream);
        return stream.ToArray();
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "docs", "examples")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("docs/examples not found above " + AppContext.BaseDirectory);
    }
}
