using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class EvidenceTests
{
    private const string Iban = "DE89370400440532013000";

    [Theory]
    [InlineData("INV123", "INV132", 1)]
    [InlineData("INV123", "INV124", 1)]
    [InlineData("INV123", "INV1234", 1)]
    [InlineData("INV123", "NV123", 1)]
    [InlineData("INV123", "IVN132", 2)]
    [InlineData("INV123", "XYZ999", 3)]
    [InlineData("INV123", "INV123", 0)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Bounded(a, b, 2));
        Assert.Equal(expected, EditDistance.Bounded(b, a, 2));
    }

    [Fact]
    public void The_bounded_distance_agrees_with_the_full_dynamic_programme_on_random_strings()
    {
        var random = new Random(5);
        for (var n = 0; n < 3000; n++)
        {
            var a = Random(random);
            var b = random.Next(3) == 0 ? Random(random) : Mutate(a, random);
            var full = FullDistance(a, b);
            foreach (var max in new[] { 1, 2, 3 })
            {
                Assert.Equal(Math.Min(full, max + 1), EditDistance.Bounded(a, b, max));
            }
        }
    }

    [Fact]
    public void A_transposition_is_told_from_other_single_edits()
    {
        Assert.True(EditDistance.IsTransposition("INV123", "INV132"));
        Assert.False(EditDistance.IsTransposition("INV123", "INV124"));
        Assert.False(EditDistance.IsTransposition("INV123", "INV1234"));
        Assert.False(EditDistance.IsTransposition("INV123", "IVN132"));
    }

    [Theory]
    [InlineData("INV123", "INV123", ReferenceMatch.Equal)]
    [InlineData("INV123", "INV132", ReferenceMatch.Transposition)]
    [InlineData("INV123", "INV128", ReferenceMatch.OneEdit)]
    [InlineData("T00001234", "T00001234-F1", ReferenceMatch.Prefix)]
    [InlineData("INV12345", "INV21354", ReferenceMatch.TwoEdits)]
    [InlineData("INV123", "", ReferenceMatch.Blank)]
    [InlineData("INV123", "PAYMENT 7", ReferenceMatch.Different)]
    public void References_are_classed_by_how_far_apart_they_are(string left, string right, ReferenceMatch expected) =>
        Assert.Equal(expected, EvidenceScorer.CompareReferences(left, right));

    [Theory]
    [InlineData("1000.00", "1000.01", AmountMatch.Equal)] // the profile's own tolerance
    [InlineData("1000.00", "999.97", AmountMatch.Rounding)]
    [InlineData("1000.00", "997.50", AmountMatch.FeeLike)]
    [InlineData("40.00", "37.50", AmountMatch.FeeLike)] // 2.50 on 40: under 50 and 10 %
    [InlineData("1000.00", "1002.50", AmountMatch.Close)] // more arriving is not a fee
    [InlineData("1000.00", "900.00", AmountMatch.Close)]
    [InlineData("1000.00", "500.00", AmountMatch.Different)]
    public void Amounts_are_equal_rounding_fee_like_close_or_different(string left, string right, AmountMatch expected) =>
        Assert.Equal(expected, EvidenceScorer.CompareAmounts(decimal.Parse(left, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(right, System.Globalization.CultureInfo.InvariantCulture), new Tolerance(ToleranceKind.Absolute, 0.01m)));

    [Fact]
    public void Each_component_of_a_pair_is_judged_on_its_own()
    {
        var (left, right) = PaymentsTestData.Tables(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00", $"INV555,ACC1,{Iban},2026-03-10,2000.00"],
            [$"INV132,ACC1,{Iban},2026-03-11,997.50", $"INV556,ACC1,{Iban[..^1]}1,2026-03-06,2000.00"]);
        var roles = SuggestionRoles.Of(PaymentsTestData.Profile);
        var scorer = new EvidenceScorer(roles, FieldWeights.Estimate(roles, left, right), left, right);
        var first = PaymentsTestData.First() - 1;

        var fee = scorer.Score([first], [first], 1, false, describe: true);
        Assert.Equal((ReferenceMatch.Transposition, "INV123", "INV132"), (fee.Reference, fee.LeftReference, fee.RightReference));
        Assert.Equal((AmountMatch.FeeLike, 1000.00m, 997.50m), (fee.Amount, fee.LeftAmount, fee.RightAmount));
        Assert.Equal((1, 1), (fee.DaysFrom, fee.DaysTo));
        Assert.Equal(FieldMatch.Same, Assert.Single(fee.Fields, f => f.Field == "iban").Match);

        var ibanOff = scorer.Score([first + 1], [first + 1], 1, false, describe: true);
        Assert.Equal(ReferenceMatch.OneEdit, ibanOff.Reference);
        Assert.Equal(AmountMatch.Equal, ibanOff.Amount);
        Assert.Equal((-4, -4), (ibanOff.DaysFrom, ibanOff.DaysTo));
        var iban = Assert.Single(ibanOff.Fields, f => f.Field == "iban");
        Assert.Equal((FieldMatch.Near, Iban, Iban[..^1] + "1"), (iban.Match, iban.LeftValue, iban.RightValue));
        Assert.Equal(1.0, ibanOff.Features[EvidenceFeatures.DateFar]);
        Assert.Equal(0.0, fee.Features[EvidenceFeatures.DateFar]);

        // An IBAN that differs outright rules the pair out; one character off does not.
        Assert.False(scorer.Contradicts(first + 1, first + 1));
        Assert.True(scorer.Contradicts(first, 0));
    }

    [Fact]
    public void Agreeing_on_a_rare_field_weighs_more_than_on_a_common_one()
    {
        var (left, right) = PaymentsTestData.Tables([], []);
        var roles = SuggestionRoles.Of(PaymentsTestData.Profile);
        var weights = FieldWeights.Estimate(roles, left, right);
        Assert.True(weights.Bits[roles.Identifying.ToList().FindIndex(f => f.Name == "iban")] >= 8);
        Assert.True(weights.AmountBits(123456.78m) > weights.AmountBits(left.Number(roles.Amount!.Index, 0)));
    }

    [Fact]
    public void The_issue_example_is_suggested_and_explained_in_one_line()
    {
        var first = PaymentsTestData.First();
        var result = PaymentsTestData.Run([$"INV123,ACC1,{Iban},2026-03-10,1000.00"], [$"INV132,ACC1,{Iban},2026-03-11,997.50"]);
        var s = Assert.Single(result.Suggestions);
        Assert.Equal((SuggestionKind.OneToOne, first, first), (s.Kind, s.LeftRecords.Single(), s.RightRecords.Single()));
        Assert.True(s.Confidence >= 0.9, $"confidence {s.Confidence}");
        Assert.Equal("reference 1 transposition apart (INV123 vs INV132); amount short by 2.50, a typical fee; same iban; booked 1 day later; "
            + "no other candidate comes close", s.Explanation);
        Assert.Equal("amount tolerance 2.50 (secondary key)", s.WouldMatchIf);
        Assert.Equal(2, s.BreakIds.Count);
        Assert.Equal(result.Breaks.Where(b => b.LeftRecord == first || b.RightRecord == first).Select(b => b.BreakId).Order(), s.BreakIds);
        Assert.Equal(1997.50m, s.Value);
    }

    [Fact]
    public void Two_equally_good_candidates_are_each_below_one_half()
    {
        var result = PaymentsTestData.Run(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-11,997.50", $",ACC1,{Iban},2026-03-09,997.50"]);
        Assert.Equal(2, result.Suggestions.Count);
        Assert.All(result.Suggestions, s =>
        {
            Assert.InRange(s.Confidence, 0.3, 0.499);
            Assert.Contains("1 other candidate nearly as good", s.Explanation);
        });
    }

    [Fact]
    public void A_stranger_with_the_same_round_amount_is_not_suggested_with_confidence()
    {
        var result = PaymentsTestData.Run(
            [$"INV777,ACC1,{Iban},2026-03-10,500.00"],
            ["PAYMENT 4711,ACC1,GB29NWBK60161331926819,2026-03-10,500.00"]);
        Assert.DoesNotContain(result.Suggestions, s => s.Confidence >= 0.5);
    }

    private static string Random(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 9)).Select(_ => "AB12"[random.Next(4)]).ToArray());

    private static string Mutate(string s, Random random)
    {
        var chars = s.ToList();
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            var op = random.Next(4);
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            if (op == 0 || chars.Count == 0) { chars.Insert(at, "AB12"[random.Next(4)]); }
            else if (op == 1) { chars.RemoveAt(at); }
            else if (op == 2) { chars[at] = "AB12"[random.Next(4)]; }
            else if (at + 1 < chars.Count) { (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); }
        }

        return new string([.. chars]);
    }

    // Optimal string alignment, full table: the reference the bounded version must agree with.
    private static int FullDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) { d[i, 0] = i; }
        for (var j = 0; j <= b.Length; j++) { d[0, j] = j; }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
