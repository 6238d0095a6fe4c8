using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Suggestions.Model;
using Tributary.Reconciliation.Suggestions.Training;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class AtMostOneAndRejectionTests
{
    private const string Iban = "DE89370400440532013000";

    [Theory]
    [InlineData("payments")]
    [InlineData("pos")]
    [InlineData("inventory")]
    public void Each_record_is_in_at_most_one_suggestion_of_confidence_one_half_or_more(string profile)
    {
        var trial = SuggestionTrial.Run(BuiltInProfiles.Get(profile), 6000, 17, nearMissRate: 0.05);
        var confident = trial.Result.Suggestions.Where(s => s.Confidence >= 0.5).ToList();
        Assert.True(confident.Count > 100);
        Assert.Equal(confident.Sum(s => s.LeftRecords.Count), confident.SelectMany(s => s.LeftRecords).Distinct().Count());
        Assert.Equal(confident.Sum(s => s.RightRecords.Count), confident.SelectMany(s => s.RightRecords).Distinct().Count());
        // Lower-confidence alternatives may share records with them: they are what a person weighs when the best is wrong.
        Assert.Contains(trial.Result.Suggestions, s => s.Confidence < 0.5);
    }

    [Fact]
    public void The_rule_holds_even_when_calibration_would_lift_two_rivals_over_one_half()
    {
        // Calibration maps that say 0.9 for everything and a tie map that says one of a tie is surely right: two rival
        // groupings of one record cannot both be that likely.
        var lifted = new SuggestionModel
        {
            Features = EvidenceFeatures.Names,
            PairWeights = SuggestionModel.Default.PairWeights,
            GroupWeights = SuggestionModel.Default.GroupWeights,
            PairCalibration = [[0, 0.9], [1, 0.9]],
            GroupCalibration = [[0, 0.9], [1, 0.9]],
            TieCalibration = [[0, 1.0], [1, 1.0]],
        };
        var result = PaymentsTestData.Run(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-11,997.50", $",ACC1,{Iban},2026-03-09,997.50"],
            new SuggestionOptions { Model = lifted });
        Assert.Equal(2, result.Suggestions.Count);
        Assert.All(result.Suggestions, s => Assert.InRange(s.Confidence, 0.45, 0.499)); // a tie: they share what one record allows
        Assert.True(result.Suggestions.Sum(s => s.Confidence) <= 1.0);
    }

    [Fact]
    public void A_rejected_grouping_is_not_suggested_again_and_its_rival_competes_without_it()
    {
        string[] left = [$"INV123,ACC1,{Iban},2026-03-10,1000.00"];
        string[] right = [$",ACC1,{Iban},2026-03-11,997.50", $",ACC1,{Iban},2026-03-09,997.50"];
        var first = PaymentsTestData.Run(left, right);
        Assert.All(first.Suggestions, s => Assert.True(s.Confidence < 0.5));
        var rejected = first.Suggestions.Single(s => s.RightRecords.Single() == PaymentsTestData.First() + 1);

        // Same input, same ids: the fingerprint of the grouping is stable across runs.
        Assert.Equal(first.Suggestions.Select(s => s.SuggestionId), PaymentsTestData.Run(left, right).Suggestions.Select(s => s.SuggestionId));

        var again = PaymentsTestData.Run(left, right, new SuggestionOptions { Rejected = new HashSet<string> { rejected.SuggestionId } });
        Assert.DoesNotContain(again.Suggestions, s => s.SuggestionId == rejected.SuggestionId);
        var rival = Assert.Single(again.Suggestions);
        Assert.Equal(PaymentsTestData.First(), rival.RightRecords.Single());
        Assert.True(rival.Confidence >= 0.5, $"alone, the rival is likely: {rival.Confidence}");
    }

    [Fact]
    public void A_rejections_file_needs_a_suggestion_id_column_and_well_formed_ids()
    {
        var good = Read("suggestion_id,comment\n03279d128669c593,not ours\n\n15e9f343be5a2503,wrong payer\n");
        Assert.Equal(["03279d128669c593", "15e9f343be5a2503"], good.Order());

        var bad = Assert.Throws<InvalidInputException>(() => Read("suggestion_id\n03279d128669c593\nXYZ\n"));
        var error = Assert.Single(bad.Errors);
        Assert.Equal(("rejections.csv", 3L, "suggestion_id"), (error.File, error.Line, error.Field));

        var missing = Assert.Throws<InvalidInputException>(() => Read("id\n03279d128669c593\n"));
        Assert.Equal("suggestion_id", Assert.Single(missing.Errors).Field);
    }

    private static IReadOnlySet<string> Read(string text) =>
        RejectionFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "rejections.csv");
}
