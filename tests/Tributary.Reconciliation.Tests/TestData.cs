using System.Text;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Tests;

/// <summary>A small hand-written profile and helpers to read CSV text, so each test states its own records.</summary>
internal static class TestData
{
    public const string ProfileJson = """
    {
      "name": "test",
      "baseCurrency": "USD",
      "fields": [
        { "name": "id", "type": "text", "left": "id", "right": "ref" },
        { "name": "grp", "type": "text", "left": "grp", "right": "grp" },
        { "name": "sec", "type": "text", "left": "sec", "right": "sec" },
        { "name": "qty", "type": "number", "left": "qty", "right": "qty" },
        { "name": "px", "type": "number", "left": "px", "right": "px" },
        { "name": "d", "type": "date", "left": "d", "right": "d" },
        { "name": "amt", "type": "number", "left": "amt", "right": "amt" }
      ],
      "partitionKey": ["grp"],
      "key": ["id"],
      "secondaryKey": { "fields": ["sec"], "tolerance": { "field": "qty", "kind": "absolute", "value": 0 } },
      "split": { "fields": ["sec"], "sum": ["qty", "amt"] },
      "compare": [
        { "field": "qty", "tolerance": { "kind": "absolute", "value": 5 }, "breakType": "quantity_difference", "impact": { "times": ["px"] } },
        { "field": "px", "tolerance": { "kind": "relative", "value": 0.01 }, "breakType": "market_price_difference", "impact": { "times": ["qty"] } },
        { "field": "d", "tolerance": { "kind": "days", "value": 2 }, "breakType": "trade_settlement_date" }
      ],
      "valuation": { "recordValue": { "times": ["amt"] } },
      "severity": { "default": "low", "rules": [ { "breakTypes": ["duplicate"], "severity": "medium" }, { "minImpact": 100, "severity": "high" } ] }
    }
    """;

    public const string LeftHeader = "id,grp,sec,qty,px,d,amt";
    public const string RightHeader = "ref,grp,sec,qty,px,d,amt";

    public static ReconciliationProfile Profile { get; } = ProfileLoader.Parse(ProfileJson, "test.json");

    public static RecordTable Left(params string[] rows) => Read(RecordSide.Left, LeftHeader, rows);

    public static RecordTable Right(params string[] rows) => Read(RecordSide.Right, RightHeader, rows);

    public static RecordTable Read(RecordSide side, string header, string[] rows, ReconciliationProfile? profile = null)
    {
        var text = header + "\n" + string.Join("\n", rows) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return CsvRecordReader.Read(stream, profile ?? Profile, side, side == RecordSide.Left ? "left.csv" : "right.csv");
    }
}
