using System.Text.Json;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class SuggestionDecisionsTests
{
    private const string Id = "00000000000000a1";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryDocumentStore _documents = new();
    private readonly ManualTime _time = new(Start);
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Accepting_closes_every_break_of_the_suggestion_in_its_history_and_marks_it_accepted()
    {
        await StoreAsync(Id, "bl", "br");

        var outcome = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id, new SuggestionDecisionBody("same payment"), As("ravi", Role.Approver), _ct));

        Assert.Equal("found", outcome.Case);
        var suggestion = await SuggestionAsync(Id);
        Assert.Equal(("accepted", "ravi", "oid-ravi", Start, "same payment"),
            (suggestion.Status, suggestion.Decision!.Actor, suggestion.Decision.ActorId, suggestion.Decision.At, suggestion.Decision.Comment));
        foreach (var id in new[] { "bl", "br" })
        {
            var closed = await BreakAsync(id);
            var change = Assert.Single(closed.History);
            Assert.Equal(("closed", Id, false), (closed.Status, closed.MatchedBySuggestion, closed.Overdue));
            Assert.Equal(("ravi", $"matched by suggestion {Id}", "same payment"), (change.Actor, change.Note, change.Comment));
        }
    }

    [Fact]
    public async Task A_suggestion_whose_break_was_closed_meanwhile_is_a_conflict_and_changes_nothing()
    {
        await StoreAsync(Id, "bl", "br");
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "br", Breaks.Document("r1", "br", "closed"), _ct);

        var outcome = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id, null, As("ravi", Role.Approver), _ct));

        Assert.Equal("conflict", outcome.Case);
        Assert.Contains("break br", outcome.Text);
        Assert.Equal("open", (await BreakAsync("bl")).Status);
        Assert.Equal("proposed", (await SuggestionAsync(Id)).Status);
    }

    [Fact]
    public async Task A_decided_suggestion_cannot_be_decided_again()
    {
        await StoreAsync(Id, "bl", "br");
        await Decisions().RejectAsync("r1", Id, new SuggestionDecisionBody("different customers"), As("ravi", Role.Approver), _ct);

        var again = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id, null, As("mia", Role.Approver), _ct));

        Assert.Equal("conflict", again.Case);
        Assert.StartsWith($"suggestion {Id} was already rejected by ravi", again.Text);
        Assert.Equal(("open", "open"), ((await BreakAsync("bl")).Status, (await BreakAsync("br")).Status));
    }

    [Fact]
    public async Task Only_an_approver_decides_and_a_rejection_needs_its_reason()
    {
        await StoreAsync(Id, "bl", "br");

        var byOperator = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id, null, As("olga", Role.Operator), _ct));
        var noReason = Outcome<SuggestionDecisionResult>.Of(await Decisions().RejectAsync("r1", Id, new SuggestionDecisionBody("  "), As("ravi", Role.Approver), _ct));
        var badId = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", "XYZ", null, As("ravi", Role.Approver), _ct));
        var unknownKey = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id,
            new SuggestionDecisionBody { UnknownKeys = new() { ["coment"] = JsonDocument.Parse("1").RootElement } }, As("ravi", Role.Approver), _ct));
        var missing = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", "00000000000000ff", null, As("ravi", Role.Approver), _ct));

        Assert.Equal("forbidden", byOperator.Case);
        Assert.Contains("approver", byOperator.Text);
        Assert.Equal(("invalid", "comment"), (noReason.Case, noReason.Field));
        Assert.Equal(("invalid", "suggestionId"), (badId.Case, badId.Field));
        Assert.Equal(("invalid", "coment"), (unknownKey.Case, unknownKey.Field));
        Assert.Equal("missing", missing.Case);
        Assert.Equal("proposed", (await SuggestionAsync(Id)).Status);
    }

    [Fact]
    public async Task An_accept_that_lost_a_race_half_way_finishes_when_retried()
    {
        await StoreAsync(Id, "bl", "br");
        // As if a first accept closed bl and then lost the race on br.
        var moves = new BreakStatusChange(_documents, _time);
        await moves.CloseAsMatchedAsync("r1", "bl", Id, null, As("ravi", Role.Approver), _ct);

        var retry = Outcome<SuggestionDecisionResult>.Of(await Decisions().AcceptAsync("r1", Id, null, As("ravi", Role.Approver), _ct));

        Assert.Equal("found", retry.Case);
        Assert.Single((await BreakAsync("bl")).History);
        Assert.Equal(("closed", "closed"), ((await BreakAsync("bl")).Status, (await BreakAsync("br")).Status));
    }

    private static Caller As(string name, Role role) => new($"oid-{name}", name, new HashSet<Role> { role }, "test");

    private SuggestionDecisions Decisions() => new(_documents, _time);

    private async Task StoreAsync(string id, params string[] breaks)
    {
        foreach (var b in breaks)
        {
            await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", b, Breaks.Document("r1", b, "open") with { Overdue = true, Suggestions = [id] }, _ct);
        }

        await _documents.UpsertAsync(ResultContainers.ReconSuggestions, "r1", id,
            new ReconSuggestionDocument(id, "r1", "payments", "one_to_one", "EUR", [1], [2], breaks, 0.9, "same IBAN", "", 10m, ReconSuggestionDocument.Proposed), _ct);
    }

    private async Task<ReconSuggestionDocument> SuggestionAsync(string id) =>
        (await _documents.ReadAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, "r1", id, _ct))!.Document;

    private async Task<ReconBreakDocument> BreakAsync(string id) =>
        (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", id, _ct))!.Document;
}
