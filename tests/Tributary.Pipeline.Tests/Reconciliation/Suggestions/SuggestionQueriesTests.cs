using System.Text.Json;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Tests.Support;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class SuggestionQueriesTests
{
    private readonly InMemoryDocumentStore _documents = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Pages_hold_only_suggestions_at_or_above_the_confidence_and_follow_on_to_all_of_them()
    {
        // 40 suggestions, confidences 0.025 .. 1.0; the 20 at or above 0.5 come back over pages of 7, none twice.
        for (var i = 1; i <= 40; i++)
        {
            await StoreAsync($"{i:x16}", i / 40.0, i % 2 == 0 ? "one_to_one" : "many_to_one");
        }

        var seen = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "0.5", null, null, null, 7, token, _ct)).Value!;
            Assert.True(page.Items.Count <= 7);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(20, 21).Select(i => $"{i:x16}").Order(), seen.Select(s => s.GetProperty("id").GetString()).Order());
        var oneToOne = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "0.9", "ONE-TO-ONE", null, null, null, null, _ct)).Value!;
        Assert.Equal(["0000000000000024", "0000000000000026", "0000000000000028"], oneToOne.Items.Select(s => s.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task A_token_is_refused_under_another_filter_and_bad_filters_are_named()
    {
        for (var i = 1; i <= 5; i++)
        {
            await StoreAsync($"{i:x16}", 0.9, "one_to_one");
        }

        var first = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "0.5", null, null, null, 2, null, _ct)).Value!;
        var replayed = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "0.1", null, null, null, 2, first.ContinuationToken, _ct));
        var confidence = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "high", null, null, null, null, null, _ct));
        var kind = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", null, "sideways", null, null, null, null, _ct));
        var status = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", null, null, "maybe", null, null, null, _ct));

        Assert.Equal(("invalid", "continuationToken"), (replayed.Case, replayed.Field));
        Assert.Equal(("invalid", "minConfidence"), (confidence.Case, confidence.Field));
        Assert.Equal(("invalid", "kind"), (kind.Case, kind.Field));
        Assert.Contains("one_to_one, one_to_many, many_to_one", kind.Text);
        Assert.Equal(("invalid", "status"), (status.Case, status.Field));
    }

    [Fact]
    public async Task The_suggestions_of_one_break_are_those_it_lists()
    {
        await StoreAsync("00000000000000a1", 0.9, "one_to_one");
        await StoreAsync("00000000000000a2", 0.3, "one_to_many");
        await StoreAsync("00000000000000a3", 0.8, "one_to_one");
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b1", Breaks.Document("r1", "b1", "open") with { Suggestions = ["00000000000000a1", "00000000000000a2"] }, _ct);

        var all = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", null, null, null, "b1", null, null, _ct)).Value!;
        var sure = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", "0.5", null, null, "b1", null, null, _ct)).Value!;
        var missing = Outcome<ResultPage>.Of(await Queries().ListAsync("r1", null, null, null, "b9", null, null, _ct));

        Assert.Equal(["00000000000000a1", "00000000000000a2"], all.Items.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["00000000000000a1"], sure.Items.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("missing", missing.Case);
    }

    private SuggestionQueries Queries() => new(_documents);

    private Task StoreAsync(string id, double confidence, string kind) =>
        _documents.UpsertAsync(ResultContainers.ReconSuggestions, "r1", id,
            new ReconSuggestionDocument(id, "r1", "payments", kind, "EUR", [1], [2], ["bl", "br"], confidence, "same IBAN", "", 10m, ReconSuggestionDocument.Proposed), _ct);
}
