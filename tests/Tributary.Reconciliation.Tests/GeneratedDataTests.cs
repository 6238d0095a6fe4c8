using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Tests;

public sealed class GeneratedDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recon-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Profiles() => new(BuiltInProfiles.Names);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_planted_break_is_found_with_its_type_and_severity_and_nothing_else(string profile)
    {
        var data = ReconDataGenerator.WriteFiles(profile, 3000, seed: 11, breakRate: 0.02, _dir);
        var result = Run(profile, buckets: 3);

        // Every type the profile knows was planted.
        Assert.Equal(BuiltInProfiles.Get(profile).BreakTypes().Order(), data.Expected.Select(e => e.BreakType).Distinct().Order());
        var expected = data.Expected.Select(e => (e.BreakType, e.Side, e.Key, e.Field, e.Severity)).ToHashSet();
        var found = result.Breaks.Select(b => (b.BreakType, b.Side, b.Key, b.Field, b.Severity.Name())).ToHashSet();
        Assert.Equal(data.Expected.Count, expected.Count);
        Assert.Empty(expected.Except(found)); // recall 1.0
        Assert.Empty(found.Except(expected)); // precision 1.0
        Assert.Equal(result.Breaks.Count, found.Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_clean_variations_are_absorbed_by_the_passes_meant_for_them(string profile)
    {
        ReconDataGenerator.WriteFiles(profile, 3000, seed: 5, breakRate: 0.03, _dir);
        var summary = Run(profile, buckets: 1).Summary;
        Assert.True(summary.MatchedLeftByPass.GetValueOrDefault("exact_key") > 2500);
        if (profile != "positions")
        {
            Assert.True(summary.MatchedLeftByPass.GetValueOrDefault("secondary_key") > 0); // re-keyed records
            Assert.True(summary.MatchedRightByPass.GetValueOrDefault("split") > summary.MatchedLeftByPass.GetValueOrDefault("split"));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void N_buckets_give_exactly_the_breaks_and_ids_of_one_bucket(string profile)
    {
        ReconDataGenerator.WriteFiles(profile, 2000, seed: 3, breakRate: 0.05, _dir);
        var one = Run(profile, buckets: 1);
        var seven = Run(profile, buckets: 7);
        Assert.Equal(one.Breaks, seven.Breaks);
        Assert.Equal(one.Summary.Breaks, seven.Summary.Breaks);
        Assert.Equal(one.Summary.MatchedLeftByPass, seven.Summary.MatchedLeftByPass);
        Assert.Equal(one.Summary.BreaksBySeverity, seven.Summary.BreaksBySeverity);
        Assert.Equal(one.Summary.TotalFinancialImpact, seven.Summary.TotalFinancialImpact);
        Assert.Equal(one.Summary.LargestBreakId, seven.Summary.LargestBreakId);
        Assert.Equal(7, seven.Summary.Buckets);
    }

    [Fact]
    public void Generation_and_runs_are_byte_identical_for_the_same_seed()
    {
        var other = Directory.CreateTempSubdirectory("recon-tests-").FullName;
        try
        {
            ReconDataGenerator.WriteFiles("pos", 1500, seed: 9, breakRate: 0.05, _dir);
            ReconDataGenerator.WriteFiles("pos", 1500, seed: 9, breakRate: 0.05, other);
            foreach (var file in new[] { "left.csv", "right.csv", "expected_breaks.csv" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, file)), File.ReadAllBytes(Path.Combine(other, file)));
            }

            var profile = BuiltInProfiles.Get("pos");
            ReconciliationRun.Execute(profile, Path.Combine(_dir, "left.csv"), Path.Combine(_dir, "right.csv"), Path.Combine(_dir, "a"), 2);
            ReconciliationRun.Execute(profile, Path.Combine(other, "left.csv"), Path.Combine(other, "right.csv"), Path.Combine(other, "b"), 5);
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", "breaks.csv")), File.ReadAllBytes(Path.Combine(other, "b", "breaks.csv")));

            ReconDataGenerator.WriteFiles("pos", 1500, seed: 10, breakRate: 0.05, other);
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(_dir, "left.csv")), File.ReadAllBytes(Path.Combine(other, "left.csv")));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    private RunResult Run(string profile, int buckets)
    {
        var p = BuiltInProfiles.Get(profile);
        return ReconciliationRun.Reconcile(p,
            CsvRecordReader.ReadFile(Path.Combine(_dir, "left.csv"), p, RecordSide.Left),
            CsvRecordReader.ReadFile(Path.Combine(_dir, "right.csv"), p, RecordSide.Right), buckets);
    }
}
