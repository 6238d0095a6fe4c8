using System.Text.Json;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Tests;

public sealed class BreakRecordTests
{
    [Fact]
    public void A_break_round_trips_through_System_Text_Json_with_snake_case_names()
    {
        var original = Assert.Single(BucketReconciler.Reconcile(TestData.Profile, TestData.Left("A,G,S,10,100,2026-01-01,1000"),
            TestData.Right("A,G,S,10,103,2026-01-01,1000"), null).Breaks);
        var json = JsonSerializer.Serialize(original, BreakJson.Options);
        Assert.Contains("\"break_type\": \"market_price_difference\"", json);
        Assert.Contains("\"status\": \"open\"", json);
        Assert.Contains("\"match_pass\": \"exact_key\"", json);
        Assert.Equal(original, JsonSerializer.Deserialize<Break>(json, BreakJson.Options));
    }

    [Fact]
    public void Severity_rules_apply_in_order_with_type_filters_and_impact_thresholds()
    {
        var trades = BuiltInProfiles.Get("trades").Severity;
        Assert.Equal(Severity.Critical, trades.Classify("security_id_break", 0m));
        Assert.Equal(Severity.Critical, trades.Classify("amount_difference", 1_000_000m));
        Assert.Equal(Severity.High, trades.Classify("unmatched", 1m));
        Assert.Equal(Severity.High, trades.Classify("fx_rate_error", 10_000m));
        Assert.Equal(Severity.Medium, trades.Classify("fx_rate_error", 9_999.99m));
        Assert.Equal(Severity.Medium, trades.Classify("fx_rate_error", 500m));
        Assert.Equal(Severity.Low, trades.Classify("fx_rate_error", 499.99m));
    }

    [Fact]
    public void Break_ids_depend_on_every_identifying_part()
    {
        var id = BreakId.Compute("trades", "unmatched", "left", "ACC1|T1", "");
        Assert.Equal(id, BreakId.Compute("trades", "unmatched", "left", "ACC1|T1", ""));
        Assert.Equal(16, id.Length);
        Assert.Equal(6, new[]
        {
            id,
            BreakId.Compute("positions", "unmatched", "left", "ACC1|T1", ""),
            BreakId.Compute("trades", "duplicate", "left", "ACC1|T1", ""),
            BreakId.Compute("trades", "unmatched", "right", "ACC1|T1", ""),
            BreakId.Compute("trades", "unmatched", "left", "ACC1|T2", ""),
            BreakId.Compute("trades", "unmatched", "left", "ACC1|T1", "", occurrence: 1),
        }.Distinct().Count());
    }
}
