using Tributary.Pipeline.Access;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class BulkBreakMoveTests
{
    private readonly InMemoryDocumentStore _documents = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Each_id_is_answered_on_its_own_in_the_order_sent()
    {
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b1", Breaks.Document("r1", "b1", "open"), _ct);
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b2", Breaks.Document("r1", "b2", "resolved"), _ct);
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b3", Breaks.Document("r1", "b3", "open"), _ct);

        var outcome = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(["b3", "b2", "nope", "b1"], "in_review", "batch", "asha"), Alice, _ct));

        Assert.Equal("found", outcome.Case);
        Assert.Equal(2, outcome.Value!.Moved);
        Assert.Equal([("b3", "moved"), ("b2", "not_allowed"), ("nope", "not_found"), ("b1", "moved")], outcome.Value.Results.Select(r => (r.Id, r.Outcome)));
        Assert.Contains("from resolved to in_review", outcome.Value.Results[1].Detail);
        var moved = (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document;
        Assert.Equal(("in_review", "asha", "alice", "batch"), (moved.Status, moved.Assignee, moved.History[^1].Actor, moved.History[^1].Comment));
        Assert.Equal("resolved", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b2", _ct))!.Document.Status);
    }

    [Fact]
    public async Task A_bad_request_moves_nothing()
    {
        await _documents.UpsertAsync(ResultContainers.ReconBreaks, "r1", "b1", Breaks.Document("r1", "b1", "resolved"), _ct);
        var tooMany = Enumerable.Range(0, BulkBreakMove.MaxIds + 1).Select(i => $"b{i}").ToList();

        var capped = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(tooMany, "in_review"), Alice, _ct));
        var empty = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch([], "in_review"), Alice, _ct));
        var twice = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(["b1", "b1"], "in_review"), Alice, _ct));
        var badId = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(["b1", "../x"], "in_review"), Alice, _ct));
        var badStatus = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(["b1"], "done"), Alice, _ct));
        var closeAsOperator = Outcome<BulkMoveResult>.Of(await Bulk().ApplyAsync("r1", new BulkBreakPatch(["b1"], "closed"), Alice, _ct));

        Assert.Equal(("invalid", "ids"), (capped.Case, capped.Field));
        Assert.Contains("more than the 500", capped.Text);
        Assert.Equal(("invalid", "ids"), (empty.Case, empty.Field));
        Assert.Equal(("invalid", "ids"), (twice.Case, twice.Field));
        Assert.Equal(("invalid", "ids[1]"), (badId.Case, badId.Field));
        Assert.Equal(("invalid", "status"), (badStatus.Case, badStatus.Field));
        Assert.Equal("forbidden", closeAsOperator.Case);
        Assert.Equal("resolved", (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "r1", "b1", _ct))!.Document.Status);
    }

    private static Caller Alice => new("oid-alice", "alice", new HashSet<Role> { Role.Operator }, "test");

    private BulkBreakMove Bulk() => new(_documents, _time);
}
