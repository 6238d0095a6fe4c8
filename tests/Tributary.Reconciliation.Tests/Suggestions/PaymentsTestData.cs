using System.Globalization;
using System.Text;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Reconciliation.Tests.Suggestions;

/// <summary>
/// A payments profile (reference, IBAN, booking date, amount) and inputs built from the rows a test states plus filler
/// rows that match exactly, so the field weights are those of a realistic file (many distinct IBANs and amounts).
/// </summary>
internal static class PaymentsTestData
{
    public const string ProfileJson = """
    {
      "name": "pay",
      "baseCurrency": "EUR",
      "fields": [
        { "name": "ref", "type": "text", "left": "ref", "right": "remittance" },
        { "name": "account", "type": "text", "left": "account", "right": "account" },
        { "name": "iban", "type": "text", "left": "iban", "right": "iban" },
        { "name": "date", "type": "date", "left": "date", "right": "booked" },
        { "name": "amount", "type": "number", "left": "amount", "right": "amount" }
      ],
      "partitionKey": ["account"],
      "key": ["ref"],
      "secondaryKey": { "fields": ["iban"], "tolerance": { "field": "amount", "kind": "absolute", "value": 0.01 } },
      "split": { "fields": ["ref"], "sum": ["amount"] },
      "compare": [
        { "field": "amount", "tolerance": { "kind": "absolute", "value": 0.01 }, "breakType": "amount_difference", "impact": {} },
        { "field": "date", "tolerance": { "kind": "days", "value": 3 }, "breakType": "late", "impact": {} }
      ],
      "valuation": { "recordValue": { "times": ["amount"] } },
      "ageingDateField": "date",
      "severity": { "default": "low", "rules": [ { "breakTypes": ["unmatched"], "severity": "high" } ] },
      "sla": { "high": 3, "low": 30 }
    }
    """;

    public const string LeftHeader = "ref,account,iban,date,amount";
    public const string RightHeader = "remittance,account,iban,booked,amount";

    public static ReconciliationProfile Profile { get; } = ProfileLoader.Parse(ProfileJson, "pay.json");

    /// <summary>Filler rows that match exactly (distinct references, IBANs and amounts), then the test's own rows.</summary>
    public static (RecordTable Left, RecordTable Right) Tables(string[] left, string[] right, int filler = 300)
    {
        var fill = Enumerable.Range(0, filler).Select(i =>
            $"F{i:D6},ACC1,DE{i * 7919 % 1_000_000_007:D20},2026-03-{1 + i % 28:D2},{(100 + i * 37 % 9000 + i / 100.0).ToString("0.00", CultureInfo.InvariantCulture)}").ToArray();
        return (Read(RecordSide.Left, LeftHeader, [.. fill, .. left]), Read(RecordSide.Right, RightHeader, [.. fill, .. right]));
    }

    /// <summary>The 1-based record number of the first test row after <paramref name="filler"/> filler rows.</summary>
    public static int First(int filler = 300) => filler + 1;

    public static RunResult Run(string[] left, string[] right, SuggestionOptions? options = null, int buckets = 1, int filler = 300)
    {
        var (l, r) = Tables(left, right, filler);
        return ReconciliationRun.Reconcile(Profile, l, r, buckets, suggestions: options);
    }

    private static RecordTable Read(RecordSide side, string header, string[] rows)
    {
        var text = header + "\n" + string.Join("\n", rows) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return CsvRecordReader.Read(stream, Profile, side, side == RecordSide.Left ? "left.csv" : "right.csv");
    }
}
