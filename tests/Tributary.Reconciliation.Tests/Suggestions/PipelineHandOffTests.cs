using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Synthetic;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Reconciliation.Tests.Suggestions;

/// <summary>What the pipeline hands from its plan to its buckets, and the workflow move an accepted suggestion makes.</summary>
public sealed class PipelineHandOffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Field_weights_written_by_the_plan_read_back_the_same_in_a_bucket()
    {
        var profile = BuiltInProfiles.Get("payments");
        var data = ReconDataGenerator.Generate(profile, 2000, seed: 4, breakRate: 0.02, nearMissRate: 0.05);
        using var leftCsv = new MemoryStream();
        using var rightCsv = new MemoryStream();
        ReconDataGenerator.WriteSide(profile, RecordSide.Left, data.Left, leftCsv);
        ReconDataGenerator.WriteSide(profile, RecordSide.Right, data.Right, rightCsv);
        var (leftBytes, rightBytes) = (leftCsv.ToArray(), rightCsv.ToArray());

        var plan = ReconciliationPlanner.Plan(profile, new MemoryStream(leftBytes), "left.csv", new MemoryStream(rightBytes), "right.csv", 3, (_, _) => new MemoryStream(),
            weighSuggestions: true);
        using var written = new MemoryStream();
        plan.Weights!.Write(written);
        written.Position = 0;
        var read = FieldWeights.Read(written)!;

        var left = CsvRecordReader.Read(new MemoryStream(leftBytes), profile, RecordSide.Left, "left.csv");
        var right = CsvRecordReader.Read(new MemoryStream(rightBytes), profile, RecordSide.Right, "right.csv");
        var direct = FieldWeights.Estimate(SuggestionRoles.Of(profile), left, right);
        Assert.Equal(direct.Bits, read.Bits);
        Assert.Contains(read.Bits, b => b > 8); // an IBAN says much
        var amount = SuggestionRoles.Of(profile).Amount!.Index;
        foreach (var row in new[] { 0, 7, 100, 1999 })
        {
            var value = left.Number(amount, row);
            Assert.Equal(direct.AmountBits(value), read.AmountBits(value));
        }

        Assert.Equal(direct.AmountBits(123456.78m), read.AmountBits(123456.78m));
        Assert.Null(ReconciliationPlanner.Plan(profile, new MemoryStream(leftBytes), "left.csv", new MemoryStream(rightBytes), "right.csv", 3, (_, _) => new MemoryStream()).Weights);
    }

    [Fact]
    public void An_accepted_suggestion_closes_a_break_from_any_open_status_and_names_itself_in_the_history()
    {
        var open = BreakState.Opened("b1");
        var inReview = BreakWorkflow.Transition(open, BreakStatus.InReview, "ana", T0).State;

        var fromOpen = BreakWorkflow.MatchedBySuggestion(open, "0123456789abcdef", "ravi", T0.AddHours(1), "oid-ravi", "bank fee");
        var fromReview = BreakWorkflow.MatchedBySuggestion(inReview, "0123456789abcdef", "ravi", T0.AddHours(1));
        var again = BreakWorkflow.MatchedBySuggestion(fromOpen.State, "0123456789abcdef", "ravi", T0.AddHours(2));
        var early = BreakWorkflow.MatchedBySuggestion(inReview, "0123456789abcdef", "ravi", T0.AddHours(-1));

        Assert.True(fromOpen.Accepted);
        var change = Assert.Single(fromOpen.State.History);
        Assert.Equal((BreakStatus.Open, BreakStatus.Closed, "ravi", "oid-ravi", "bank fee", "matched by suggestion 0123456789abcdef"),
            (change.From, change.To, change.Actor, change.ActorId, change.Comment, change.Note));
        Assert.Equal((BreakStatus.Closed, BreakStatus.InReview), (fromReview.State.Status, fromReview.State.History[^1].From));
        Assert.False(again.Accepted);
        Assert.Contains("already closed", again.Rejection);
        Assert.Equal(T0, early.State.History[^1].At); // history stays in time order
    }
}
