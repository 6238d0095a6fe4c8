using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Summary;

namespace Tributary.Reconciliation.Tests;

public sealed class PartitioningTests
{
    [Fact]
    public void A_secondary_key_match_whose_primary_keys_hash_apart_is_still_found()
    {
        // Pick two references that a primary-key hash would send to different buckets.
        var byPrimary = ProfileLoader.Parse(TestData.ProfileJson.Replace("\"partitionKey\": [\"grp\"]", "\"partitionKey\": [\"id\"]"), "by-id.json");
        const int buckets = 8;
        var rightId = Enumerable.Range(0, 100).Select(i => $"CUST{i}").First(id =>
            BucketHasher.Bucket(TestData.Read(RecordSide.Right, TestData.RightHeader, [$"{id},G,S,10,100,2026-01-01,1000"], byPrimary), 0, buckets)
            != BucketHasher.Bucket(TestData.Read(RecordSide.Left, TestData.LeftHeader, ["T1,G,S,10,100,2026-01-01,1000"], byPrimary), 0, buckets));

        var left = TestData.Left("T1,G,S,10,100,2026-01-01,1000", "T2,H,Q,5,100,2026-01-01,500");
        var right = TestData.Right($"{rightId},G,S,10,100,2026-01-01,1000", "T2,H,Q,5,100,2026-01-01,500");
        var result = ReconciliationRun.Reconcile(TestData.Profile, left, right, buckets);
        Assert.Empty(result.Breaks);
        Assert.Equal(1, result.Summary.MatchedLeftByPass["secondary_key"]);
    }

    [Fact]
    public void A_run_that_hands_out_each_bucket_as_it_is_matched_hands_out_every_bucket_once_and_the_run_of_parallel_for()
    {
        var profile = BuiltInProfiles.Get("trades");
        var dir = Directory.CreateTempSubdirectory("recon-handout-").FullName;
        try
        {
            Synthetic.ReconDataGenerator.WriteFiles("trades", 1500, 22, 0.05, dir);
            var left = CsvRecordReader.ReadFile(Path.Combine(dir, "left.csv"), profile, RecordSide.Left);
            var right = CsvRecordReader.ReadFile(Path.Combine(dir, "right.csv"), profile, RecordSide.Right);
            var handed = new System.Collections.Concurrent.ConcurrentBag<BucketResult>();

            var result = ReconciliationRun.Reconcile(profile, left, right, 7, handed.Add);

            var reference = ReconciliationRun.Reconcile(profile, left, right, 7);
            Assert.Equal(7, handed.Count);
            Assert.Equal(reference.Breaks, handed.SelectMany(b => b.Breaks).OrderBy(b => b.BreakId, StringComparer.Ordinal));
            Assert.Equal(reference.Breaks, result.Breaks);
            Assert.Equal(reference.Suggestions.Select(s => s.SuggestionId), result.Suggestions.Select(s => s.SuggestionId));
            Assert.Equal((7, reference.Summary.Breaks, reference.Summary.MatchRate), (result.Summary.Buckets, result.Summary.Breaks, result.Summary.MatchRate));
            Assert.NotEmpty(result.Breaks);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Planner_bucket_files_reconciled_one_by_one_give_the_single_bucket_breaks()
    {
        var profile = BuiltInProfiles.Get("trades");
        var data = Synthetic.ReconDataGenerator.Generate("trades", 1500, seed: 21, breakRate: 0.05);
        var dir = Directory.CreateTempSubdirectory("recon-plan-").FullName;
        try
        {
            Synthetic.ReconDataGenerator.WriteFiles("trades", 1500, 21, 0.05, dir);
            var files = new Dictionary<(int, RecordSide), byte[]>();
            PartitionPlan plan;
            using (var left = File.OpenRead(Path.Combine(dir, "left.csv")))
            using (var right = File.OpenRead(Path.Combine(dir, "right.csv")))
            {
                plan = ReconciliationPlanner.Plan(profile, left, "left.csv", right, "right.csv", 5,
                    (b, side) => new CapturingStream(bytes => files[(b, side)] = bytes));
            }

            Assert.Equal(data.Left.Count, plan.LeftRecords.Sum());
            Assert.Equal(data.Right.Count, plan.RightRecords.Sum());
            var merged = ReconciliationSummary.Empty(profile.Name, profile.BaseCurrency, plan.AsOf);
            var breaks = new List<Break>();
            for (var b = 0; b < plan.Buckets; b++)
            {
                var result = BucketReconciler.Reconcile(profile,
                    BucketFile.Read(files[(b, RecordSide.Left)], profile, RecordSide.Left, $"left-{b}.bucket"),
                    BucketFile.Read(files[(b, RecordSide.Right)], profile, RecordSide.Right, $"right-{b}.bucket"), plan.AsOf);
                breaks.AddRange(result.Breaks);
                // Summaries travel as JSON between activities.
                var json = new MemoryStream();
                SummaryJson.Write(json, result.Summary);
                json.Position = 0;
                merged.Merge(SummaryJson.Read(json));
            }

            var whole = ReconciliationRun.Reconcile(profile,
                CsvRecordReader.ReadFile(Path.Combine(dir, "left.csv"), profile, RecordSide.Left),
                CsvRecordReader.ReadFile(Path.Combine(dir, "right.csv"), profile, RecordSide.Right), 1);
            Assert.Equal(whole.Breaks, breaks.OrderBy(b => b.BreakId, StringComparer.Ordinal));
            Assert.Equal(whole.Summary.BreaksByType, merged.BreaksByType);
            Assert.Equal(whole.Summary.OpenBreakAgeing, merged.OpenBreakAgeing);
            Assert.Equal(whole.Summary.MatchRate, merged.MatchRate, 12);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(20_000, 1)]
    [InlineData(50_001, 2)]
    [InlineData(100_000, 2)]
    [InlineData(150_001, 4)]
    [InlineData(1_000_000, 4)]
    [InlineData(1_000_001, 5)]
    [InlineData(2_000_000, 8)]
    [InlineData(10_000_000, 40)]
    [InlineData(100_000_000, 64)]
    public void A_run_without_a_bucket_count_gets_one_by_its_size(long records, int buckets) =>
        Assert.Equal(buckets, ReconciliationPlanner.DefaultBuckets(records));

    [Fact]
    public async Task The_pipelines_overlapped_plan_stages_the_same_bucket_files_as_the_sequential_plan()
    {
        var profile = BuiltInProfiles.Get("trades");
        var dir = Directory.CreateTempSubdirectory("recon-plan-async-").FullName;
        try
        {
            Synthetic.ReconDataGenerator.WriteFiles("trades", 3000, 22, 0.05, dir);
            var leftBytes = File.ReadAllBytes(Path.Combine(dir, "left.csv"));
            var rightBytes = File.ReadAllBytes(Path.Combine(dir, "right.csv"));
            var sequential = new Dictionary<(int, RecordSide), byte[]>();
            var expected = ReconciliationPlanner.Plan(profile, new MemoryStream(leftBytes), "left.csv", new MemoryStream(rightBytes), "right.csv", 5,
                (b, side) => new CapturingStream(bytes => sequential[(b, side)] = bytes), weighSuggestions: true);

            // The right side arrives first and the left side later, as downloads may.
            var leftArrives = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            var parsing = ReconciliationPlanner.ParseAsync(profile, leftArrives.Task, "left.csv", Task.FromResult(rightBytes), "right.csv");
            leftArrives.SetResult(leftBytes);
            var (left, right) = await parsing;
            var staged = new System.Collections.Concurrent.ConcurrentDictionary<(int, RecordSide), byte[]>();
            var plan = await ReconciliationPlanner.StageAsync(profile, left, right, 5,
                async (b, side, bytes) =>
                {
                    await Task.Yield();
                    Assert.True(staged.TryAdd((b, side), bytes));
                }, weighSuggestions: true, CancellationToken.None);

            Assert.Equal(10, staged.Count);
            Assert.All(sequential, file => Assert.Equal(file.Value, staged[file.Key]));
            Assert.Equal(expected.LeftRecords, plan.LeftRecords);
            Assert.Equal(expected.RightRecords, plan.RightRecords);
            Assert.Equal(expected.AsOf, plan.AsOf);
            Assert.NotNull(plan.Weights);
            var weights = new MemoryStream();
            plan.Weights.Write(weights);
            var expectedWeights = new MemoryStream();
            expected.Weights!.Write(expectedWeights);
            Assert.Equal(expectedWeights.ToArray(), weights.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_overlapped_parse_reports_the_left_sides_error_first_like_the_sequential_plan()
    {
        // Both sides are bad; the right one is parsed at the same time, but the left side's error is the one reported.
        var bad = "trade_id,nonsense\n1,2\n"u8.ToArray();
        var error = await Assert.ThrowsAsync<Tributary.Abstractions.Input.InvalidInputException>(() =>
            ReconciliationPlanner.ParseAsync(TestData.Profile, Task.FromResult(bad), "left.csv", Task.FromResult(bad), "right.csv"));
        Assert.NotEmpty(error.Errors);
        Assert.All(error.Errors, e => Assert.Equal("left.csv", e.File));
    }

    private sealed class CapturingStream(Action<byte[]> onDispose) : MemoryStream
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                onDispose(ToArray());
            }

            base.Dispose(disposing);
        }
    }

    [Fact]
    public void Bucket_hash_is_stable_and_ignores_case_and_spacing_of_the_partition_key()
    {
        var a = TestData.Left("A,acc  one,S,1,1,2026-01-01,1");
        var b = TestData.Left("A, ACC ONE ,S,1,1,2026-01-01,1");
        Assert.Equal(BucketHasher.Bucket(a, 0, 64), BucketHasher.Bucket(b, 0, 64));
    }
}
