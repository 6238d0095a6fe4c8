using System.Text;
using System.Text.Json.Nodes;
using Tributary.Pipeline.Reconciliation;
using Tributary.Reconciliation.Workflow;
using Tributary.Storage.Cosmos;

namespace Tributary.Storage.Tests;

/// <summary>
/// The spliced request body holds what stamping the document's JSON DOM writes: the same properties in the same order with
/// the same values (the DOM way escapes a little more, such as '+' in a timestamp, so the texts are compared once re-read).
/// </summary>
public sealed class CosmosDocumentBodyTests
{
    private sealed record Plain(string Name, decimal Amount, DateOnly Day, IReadOnlyList<int> Records, Nested? Inner, string? Missing);

    private sealed record Nested(string Id, string RunId, double Score);

    private sealed record WithId(string Id, string Note);

    private sealed record WithOddId(int Id, string Note);

    private sealed record Empty;

    public static TheoryData<string> Cases => ["break", "plain", "with id", "odd id", "empty", "escaped"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_body_is_what_the_dom_way_writes(string name)
    {
        var (id, key) = name == "escaped" ? ("a\"b<é>\\", "run/\u0001ü") : ("doc-1", "run-7");
        var expected = name switch
        {
            "break" => Both(Break(id, key), id, key),
            "plain" or "escaped" => Both(new Plain("n \"q\" é", 12.340m, new DateOnly(2026, 12, 7), [1, 2], new Nested("inner", "other", 0.5), null), id, key),
            "with id" => Both(new WithId(id, "x"), id, key),
            "odd id" => Both(new WithOddId(5, "x"), id, key),
            _ => Both(new Empty(), id, key),
        };
        Assert.Equal(JsonNode.Parse(expected.Dom)!.ToJsonString(), JsonNode.Parse(expected.Spliced)!.ToJsonString());
        Assert.Contains($"\"runId\":", Encoding.UTF8.GetString(expected.Spliced));
    }

    [Fact]
    public void A_document_whose_id_or_partition_key_disagrees_with_the_call_is_refused_naming_both()
    {
        var idError = Assert.Throws<ArgumentException>(() => CosmosDocumentBody.Create(new WithId("mine", "x"), "theirs", "runId", "run-7"));
        Assert.Contains("'id' is 'mine' but the call names 'theirs'", idError.Message);
        var keyError = Assert.Throws<ArgumentException>(() => CosmosDocumentBody.Create(Break("b1", "run-1"), "b1", "runId", "run-2"));
        Assert.Contains("'runId' is 'run-1' but the call names 'run-2'", keyError.Message);
        Assert.Throws<ArgumentException>(() => CosmosDocumentBody.Create(new[] { 1 }, "a", "runId", "r"));
    }

    private static (byte[] Dom, byte[] Spliced) Both<T>(T document, string id, string key) =>
        (CosmosDocumentBody.ThroughDom(document, id, "runId", key), CosmosDocumentBody.Create(document, id, "runId", key));

    private static ReconBreakDocument Break(string id, string runId) =>
        new(id, runId, "trades", "quantity_difference", "high", "open", "both", "K1", "qty", "10", "12.5", "-2.5", 1234.5600m, "USD", "exact_key", 3,
            [new StatusChange(BreakStatus.Open, BreakStatus.InReview, "system", new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero))],
            LeftRecord: 4, RightRecord: 9, DueDate: new DateOnly(2026, 12, 9), Suggestions: ["s1", "s2"]);
}
