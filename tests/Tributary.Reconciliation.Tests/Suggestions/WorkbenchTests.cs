using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class WorkbenchTests
{
    [Fact]
    public void Breaks_are_due_their_severity_s_days_after_the_record_date_and_overdue_past_it()
    {
        // The filler runs to 2026-03-28 (the as-of date). High (unmatched) has 3 days, low 30.
        var result = PaymentsTestData.Run(
            ["LATE1,ACC1,DE00000000000000000001,2026-03-20,10.00", "NEW1,ACC1,DE00000000000000000002,2026-03-27,20.00"], []);
        var asOf = result.Summary.AsOf!.Value;
        Assert.Equal(new DateOnly(2026, 3, 28), asOf);

        var late = result.Breaks.Single(b => b.Key == "ACC1|LATE1");
        Assert.Equal((Severity.High, new DateOnly(2026, 3, 23), true, 8), (late.Severity, late.DueDate, late.Overdue, late.AgeDays));
        var fresh = result.Breaks.Single(b => b.Key == "ACC1|NEW1");
        Assert.Equal((new DateOnly(2026, 3, 30), false), (fresh.DueDate, fresh.Overdue));
        Assert.Equal(result.Breaks.Count(b => b.Overdue), result.Summary.OverdueBreaks);
        Assert.Equal(result.Breaks.Count(b => b.Overdue && b.Severity == Severity.High), result.Summary.OverdueBySeverity["high"]);
    }

    [Fact]
    public void Without_service_levels_breaks_have_no_due_date()
    {
        var result = BucketReconcile();
        Assert.All(result, b => Assert.Equal((null, false), (b.DueDate, b.Overdue)));
    }

    [Theory]
    [InlineData("\"sla\": { \"urgent\": 1 }", "sla.urgent")]
    [InlineData("\"sla\": { \"high\": -1 }", "sla.high")]
    [InlineData("\"suggestions\": { \"maxParts\": 7 }", "suggestions.maxParts")]
    [InlineData("\"suggestions\": { \"dateWindowDays\": 400 }", "suggestions.dateWindowDays")]
    [InlineData("\"suggestions\": { \"amount\": \"ref\" }", "suggestions.amount")]
    [InlineData("\"suggestions\": { \"date\": \"nope\" }", "suggestions.date")]
    public void Service_levels_and_suggestion_settings_are_validated_with_their_json_path(string section, string path)
    {
        var json = TestData.ProfileJson.TrimEnd().TrimEnd('}') + ", " + section + " }";
        var error = Assert.Throws<InvalidInputException>(() => ProfileLoader.Parse(json, "p.json"));
        Assert.Contains(error.Errors, e => e.Field == path);
    }

    [Fact]
    public void Suggestion_settings_override_what_is_derived_from_the_profile()
    {
        var json = TestData.ProfileJson.TrimEnd().TrimEnd('}') + ", \"suggestions\": { \"amount\": \"qty\", \"dateWindowDays\": 3, \"maxParts\": 2 } }";
        var profile = ProfileLoader.Parse(json, "p.json");
        var roles = Reconciliation.Suggestions.SuggestionRoles.Of(profile);
        Assert.Equal("qty", roles.Amount!.Name);
        Assert.Equal((3, 2), (roles.Settings.DateWindowDays, roles.Settings.MaxParts));
        var derived = Reconciliation.Suggestions.SuggestionRoles.Of(TestData.Profile);
        Assert.Equal("amt", derived.Amount!.Name); // the record value's field
        Assert.Equal("d", derived.Date!.Name);
        Assert.Equal(["id"], derived.References.Select(f => f.Name));
    }

    private static IReadOnlyList<Break> BucketReconcile() =>
        Matching.BucketReconciler.Reconcile(TestData.Profile, TestData.Left("A,G,S,10,100,2026-01-01,1000"), TestData.Right("B,G,T,11,100,2026-01-01,900"),
            new DateOnly(2026, 2, 1)).Breaks;
}
