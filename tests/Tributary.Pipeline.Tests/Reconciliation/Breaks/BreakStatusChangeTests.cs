using Tributary.Pipeline.Access;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class BreakStatusChangeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryDocumentStore _documents = new();
    private readonly ManualTime _time = new(Start);
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Allowed_transition_is_stored_with_who_and_when()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review"), Alice, _ct));

        Assert.Equal("found", outcome.Case);
        var stored = (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document;
        Assert.Equal("in_review", stored.Status);
        var change = Assert.Single(stored.History);
        Assert.Equal((BreakStatus.Open, BreakStatus.InReview, "alice", Start), (change.From, change.To, change.Actor, change.At));
        Assert.Equal(stored.Status, outcome.Value!.Status);
    }

    [Fact]
    public async Task A_status_has_one_spelling_in_the_document_and_its_history_and_a_patch_takes_any_spelling_of_it()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("InReview"), Alice, _ct));
        var json = Tributary.Pipeline.Durable.DurableJson.Serialize(outcome.Value)!;
        var old = Tributary.Pipeline.Durable.DurableJson.Deserialize<StatusChange>("""{"from": "Open", "to": "InReview", "actor": "alice", "at": "2026-03-01T09:00:00Z"}""");

        Assert.Equal("found", outcome.Case);
        Assert.Contains("\"status\":\"in_review\"", json);
        Assert.Contains("\"from\":\"open\",\"to\":\"in_review\"", json);
        Assert.DoesNotContain("InReview", json);
        Assert.Equal((BreakStatus.Open, BreakStatus.InReview), (old.From, old.To)); // documents stored before still read
    }

    [Theory]
    [InlineData("""{"statsu": "in_review"}""", "statsu", "unknown key `statsu`; did you mean `status`?")]
    [InlineData("""{"status": "in_review", "coment": "x"}""", "coment", "unknown key `coment`; did you mean `comment`?")]
    [InlineData("""{"status": "in_review", "comment": "ok\u0000then"}""", "comment", "control character U+0000 at position 3 is not allowed")]
    [InlineData("""{"status": "in_review", "comment": "paid \u202Eevil"}""", "comment", "bidirectional formatting character U+202E at position 6 is not allowed")]
    [InlineData("""{"status": "in_review", "assignee": "al\nice"}""", "assignee", "control character U+000A at position 3 is not allowed")]
    public async Task Unknown_keys_and_hidden_characters_in_a_patch_are_refused_naming_the_field(string body, string field, string problem)
    {
        await StoreAsync("open");
        var patch = System.Text.Json.JsonSerializer.Deserialize<BreakPatch>(body, Tributary.Pipeline.Durable.DurableJson.Options);

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", patch, Alice, _ct));

        Assert.Equal(("invalid", field, problem), (outcome.Case, outcome.Field, outcome.Text));
        Assert.Equal("open", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document.Status);
    }

    [Fact]
    public async Task A_comment_may_span_lines()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", Comment: "custodian booked it late\n\tsee ticket 42"), Alice, _ct));

        Assert.Equal("found", outcome.Case);
    }

    [Fact]
    public async Task Transitions_chain_through_the_workflow()
    {
        await StoreAsync("open");
        var change = Change();

        await change.ApplyAsync("r1", "b1", new BreakPatch("in_review"), Alice, _ct);
        _time.Advance(TimeSpan.FromHours(1));
        var escalated = Outcome<ReconBreakDocument>.Of(await change.ApplyAsync("r1", "b1", new BreakPatch("escalated"), Bob, _ct));

        Assert.Equal("escalated", escalated.Value!.Status);
        Assert.Equal(["alice", "bob"], escalated.Value.History.Select(h => h.Actor));
    }

    [Fact]
    public async Task Refused_transition_is_a_conflict_and_leaves_the_break_unchanged()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("closed"), As("ada", Role.Approver), _ct));

        Assert.Equal("conflict", outcome.Case);
        Assert.Contains("in_review", outcome.Text, StringComparison.Ordinal);
        var stored = (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document;
        Assert.Equal("open", stored.Status);
        Assert.Empty(stored.History);
    }

    [Fact]
    public async Task Unknown_break_or_run_is_missing()
    {
        await StoreAsync("open");

        var unknownBreak = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b9", new BreakPatch("in_review"), Alice, _ct));
        var unknownRun = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r9", "b1", new BreakPatch("in_review"), Alice, _ct));

        Assert.Equal(("missing", "break b9 of run r1"), (unknownBreak.Case, unknownBreak.Text));
        Assert.Equal(("missing", "break b1 of run r9"), (unknownRun.Case, unknownRun.Text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("done")]
    public async Task Unknown_status_is_a_problem_naming_status(string? status)
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch(status), Alice, _ct));

        Assert.Equal(("invalid", "status"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Missing_body_is_a_problem_naming_status()
    {
        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", null, Alice, _ct));

        Assert.Equal(("invalid", "status"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task The_actor_is_the_authenticated_caller_with_its_id_and_the_comment_is_kept()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", Comment: " checking the custodian file "), Alice, _ct));

        var change = Assert.Single(outcome.Value!.History);
        Assert.Equal(("alice", "oid-alice", "checking the custodian file"), (change.Actor, change.ActorId, change.Comment));
    }

    [Fact]
    public async Task An_actor_in_the_body_is_refused_naming_actor_and_changes_nothing()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", Actor: "mallory (not alice)"), Alice, _ct));

        Assert.Equal(("invalid", "actor"), (outcome.Case, outcome.Field));
        Assert.Equal("open", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document.Status);
    }

    [Fact]
    public async Task Closing_needs_an_approver_and_the_ordinary_moves_an_operator()
    {
        await StoreAsync("resolved");

        var byOperator = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("closed"), Alice, _ct));
        var byReader = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("closed"), As("rita", Role.Reader), _ct));
        Assert.Equal("forbidden", byOperator.Case);
        Assert.Contains("approver", byOperator.Text, StringComparison.Ordinal);
        Assert.Equal("forbidden", byReader.Case);
        Assert.Equal("resolved", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document.Status);

        var byApprover = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("closed"), As("ada", Role.Approver), _ct));
        Assert.Equal(("found", "closed", "ada"), (byApprover.Case, byApprover.Value!.Status, byApprover.Value.History[^1].Actor));

        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b2", Breaks.Document("r1", "b2", "open"), _ct);
        var approverOnly = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b2", new BreakPatch("in_review"), As("ada", Role.Approver), _ct));
        var admin = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b2", new BreakPatch("in_review"), As("root", Role.Admin), _ct));
        Assert.Equal("forbidden", approverOnly.Case);
        Assert.Equal("found", admin.Case);
    }

    [Fact]
    public async Task Overlong_comment_is_a_problem_naming_comment()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", Comment: new string('c', BreakStatusChange.MaxCommentLength + 1)), Alice, _ct));

        Assert.Equal(("invalid", "comment"), (outcome.Case, outcome.Field));
    }

    private static Caller Alice => As("alice", Role.Operator);

    private static Caller Bob => As("bob", Role.Operator);

    private static Caller As(string name, Role role) => new($"oid-{name}", name, new HashSet<Role> { role }, "test");

    private BreakStatusChange Change() => new(_documents, _time);

    private Task StoreAsync(string status) =>
        _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b1", Breaks.Document("r1", "b1", status), _ct);
}
