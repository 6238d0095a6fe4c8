using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Reads;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Tests.Reads;

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

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", "alice"), _ct));

        Assert.Equal("found", outcome.Case);
        var stored = (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document;
        Assert.Equal("in_review", stored.Status);
        var change = Assert.Single(stored.History);
        Assert.Equal((BreakStatus.Open, BreakStatus.InReview, "alice", Start), (change.From, change.To, change.Actor, change.At));
        Assert.Equal(stored.Status, outcome.Value!.Status);
    }

    [Fact]
    public async Task Transitions_chain_through_the_workflow()
    {
        await StoreAsync("open");
        var change = Change();

        await change.ApplyAsync("r1", "b1", new BreakPatch("in_review", "alice"), _ct);
        _time.Advance(TimeSpan.FromHours(1));
        var escalated = Outcome<ReconBreakDocument>.Of(await change.ApplyAsync("r1", "b1", new BreakPatch("escalated", "bob"), _ct));

        Assert.Equal("escalated", escalated.Value!.Status);
        Assert.Equal(["alice", "bob"], escalated.Value.History.Select(h => h.Actor));
    }

    [Fact]
    public async Task Refused_transition_is_a_conflict_and_leaves_the_break_unchanged()
    {
        await StoreAsync("open");

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("closed", "alice"), _ct));

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

        var unknownBreak = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b9", new BreakPatch("in_review", "alice"), _ct));
        var unknownRun = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r9", "b1", new BreakPatch("in_review", "alice"), _ct));

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

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch(status, "alice"), _ct));

        Assert.Equal(("invalid", "status"), (outcome.Case, outcome.Field));
    }

    [Fact]
    public async Task Missing_body_is_a_problem_naming_status()
    {
        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", null, _ct));

        Assert.Equal(("invalid", "status"), (outcome.Case, outcome.Field));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData(101)]
    public async Task Missing_or_overlong_actor_is_a_problem_naming_actor(object? actor)
    {
        await StoreAsync("open");
        var name = actor is int length ? new string('a', length) : (string?)actor;

        var outcome = Outcome<ReconBreakDocument>.Of(await Change().ApplyAsync("r1", "b1", new BreakPatch("in_review", name), _ct));

        Assert.Equal(("invalid", "actor"), (outcome.Case, outcome.Field));
        Assert.Equal("open", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document.Status);
    }

    private BreakStatusChange Change() => new(_documents, _time);

    private Task StoreAsync(string status) =>
        _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b1", Breaks.Document("r1", "b1", status), _ct);
}
