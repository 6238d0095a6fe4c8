using Microsoft.Azure.Cosmos;
using Tributary.Pipeline.Durable;
using Tributary.Storage.Cosmos;

namespace Tributary.Storage.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class CosmosInstanceStoreTests(EmulatorFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private async Task<CosmosInstanceStore> NewStoreAsync() => new(await fixture.NewDatabaseAsync("instances"));

    private static InstanceState Instance(string id, string kind = "hpi", RuntimeStatus status = RuntimeStatus.Pending, int minute = 0) =>
        new(id, kind, status, Input: """{"dataset":"sample"}""", Output: null, CustomStatus: null, Failure: null,
            CreatedAt: T0.AddMinutes(minute), LastUpdatedAt: T0.AddMinutes(minute));

    [Fact]
    public async Task Create_if_absent_creates_once_and_then_returns_the_stored_instance()
    {
        var store = await NewStoreAsync();

        var (first, created) = await store.CreateIfAbsentAsync(Instance("run-1"), CancellationToken.None);
        var (second, createdAgain) = await store.CreateIfAbsentAsync(Instance("run-1", kind: "gen") with { Input = "{}" }, CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.NotNull(first.ETag);
        Assert.Equal("hpi", second.Kind);
        Assert.Equal("""{"dataset":"sample"}""", second.Input);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Concurrent_starts_with_one_id_create_exactly_one_instance()
    {
        var store = await NewStoreAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.CreateIfAbsentAsync(Instance("dup") with { Input = $"{{\"caller\":{i}}}" }, CancellationToken.None)));

        Assert.Single(results, r => r.Created);
        var winner = results.Single(r => r.Created).State;
        Assert.All(results, r => Assert.Equal(winner.Input, r.State.Input));
    }

    [Fact]
    public async Task Get_round_trips_every_field_and_returns_null_for_a_missing_id()
    {
        var store = await NewStoreAsync();
        var failure = new FailureDetails("InvalidInputException", "tracts.csv line 3: bad tract", "at Plan()");
        var state = Instance("full", status: RuntimeStatus.Failed) with
        {
            Output = """{"series":3}""",
            CustomStatus = """{"phase":"fan-out","done":2,"total":5}""",
            Failure = failure,
            CreatedAt = new DateTimeOffset(2026, 11, 23, 11, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567),
        };
        await store.CreateIfAbsentAsync(state, CancellationToken.None);

        var read = await store.GetAsync("full", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(state with { ETag = read.ETag }, read);
        Assert.Null(await store.GetAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_throws_a_concurrency_conflict()
    {
        var store = await NewStoreAsync();
        var (created, _) = await store.CreateIfAbsentAsync(Instance("etag"), CancellationToken.None);

        var running = await store.ReplaceAsync(created with { Status = RuntimeStatus.Running }, CancellationToken.None);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.ReplaceAsync(created with { Status = RuntimeStatus.Terminated }, CancellationToken.None));

        Assert.NotEqual(created.ETag, running.ETag);
        Assert.Contains("etag", conflict.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RuntimeStatus.Running, (await store.GetAsync("etag", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Replace_of_a_purged_instance_is_a_conflict_not_a_resurrection()
    {
        var store = await NewStoreAsync();
        var (created, _) = await store.CreateIfAbsentAsync(Instance("gone"), CancellationToken.None);
        await store.PurgeAsync("gone", CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.ReplaceAsync(created with { Status = RuntimeStatus.Running }, CancellationToken.None));
        Assert.Null(await store.GetAsync("gone", CancellationToken.None));
    }

    [Fact]
    public async Task List_filters_by_status_kind_and_created_range_newest_first_across_pages()
    {
        var store = await NewStoreAsync();
        // 12 instances, one per minute; kinds and statuses cycle so each filter keeps a known subset.
        var kinds = new[] { "hpi", "gen", "recon" };
        var statuses = new[] { RuntimeStatus.Pending, RuntimeStatus.Running, RuntimeStatus.Completed, RuntimeStatus.Failed };
        var all = Enumerable.Range(0, 12)
            .Select(i => Instance($"i{i:D2}", kinds[i % 3], statuses[i % 4], minute: i))
            .ToList();
        foreach (var instance in all)
        {
            await store.CreateIfAbsentAsync(instance, CancellationToken.None);
        }

        var query = new InstanceQuery(
            Statuses: [RuntimeStatus.Pending, RuntimeStatus.Completed], Kind: null,
            CreatedFrom: T0.AddMinutes(2), CreatedTo: T0.AddMinutes(11), PageSize: 2);
        var listed = await ListAllAsync(store, query);

        var expected = all
            .Where(i => i.Status is RuntimeStatus.Pending or RuntimeStatus.Completed)
            .Where(i => i.CreatedAt >= T0.AddMinutes(2) && i.CreatedAt < T0.AddMinutes(11))
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => i.Id);
        Assert.Equal(expected, listed.Ids);
        Assert.True(listed.Pages >= 2, $"expected several pages, got {listed.Pages}");

        var recon = await ListAllAsync(store, new InstanceQuery(Kind: "recon", PageSize: 3));
        Assert.Equal(all.Where(i => i.Kind == "recon").OrderByDescending(i => i.CreatedAt).Select(i => i.Id), recon.Ids);

        // "i0" is the prefix of i00..i09 but not of i10, i11: how a purge finds an instance's children.
        var prefixed = await ListAllAsync(store, new InstanceQuery(IdPrefix: "i0", PageSize: 4));
        Assert.Equal(all.Where(i => i.Id.StartsWith("i0", StringComparison.Ordinal)).OrderByDescending(i => i.CreatedAt).Select(i => i.Id), prefixed.Ids);
    }

    [Fact]
    public async Task List_rejects_a_page_size_outside_its_bounds()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(new InstanceQuery(PageSize: 0), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(new InstanceQuery(PageSize: 1001), CancellationToken.None));
    }

    [Fact]
    public async Task History_is_returned_in_sequence_order_and_a_rerecorded_call_overwrites()
    {
        var store = await NewStoreAsync();
        await store.CreateIfAbsentAsync(Instance("h"), CancellationToken.None);
        await store.CreateIfAbsentAsync(Instance("other"), CancellationToken.None);
        // Recorded out of order, as concurrent fan-out activities complete.
        foreach (var sequence in new[] { 3, 0, 11, 2, 1 })
        {
            await store.RecordAsync([Record("h", sequence, $"{{\"n\":{sequence}}}")], CancellationToken.None);
        }

        await store.RecordAsync([Record("other", 0, "{}")], CancellationToken.None);
        await store.RecordAsync([Record("h", 2, """{"n":"rerun"}""")], CancellationToken.None);
        var failed = Record("h", 4, null) with { Failure = new FailureDetails("TimeoutException", "activity timed out") };
        await store.RecordAsync([failed], CancellationToken.None);

        var history = await store.GetHistoryAsync("h", CancellationToken.None);

        Assert.Equal(new[] { 0, 1, 2, 3, 4, 11 }, history.Select(r => r.Sequence));
        Assert.Equal("""{"n":"rerun"}""", history.Single(r => r.Sequence == 2).Result);
        Assert.Equal(failed, history.Single(r => r.Sequence == 4));
        Assert.All(history, r => Assert.Equal("h", r.InstanceId));
    }

    [Fact]
    public async Task A_write_of_several_calls_is_one_document_and_a_later_overlapping_write_loses_nothing()
    {
        var database = await fixture.NewDatabaseAsync("instances");
        var store = new CosmosInstanceStore(database);
        await store.CreateIfAbsentAsync(Instance("b"), CancellationToken.None);
        await store.RecordAsync([Record("b", 4, "{}"), Record("b", 0, "{}"), Record("b", 7, "{}")], CancellationToken.None);
        await store.RecordAsync([Record("b", 1, "{}")], CancellationToken.None);

        // The same call recorded again beside a new one (a resumed engine racing a late write) must not drop 0 and 7.
        var again = Record("b", 4, """{"n":"again"}""") with { CompletedAt = T0.AddMinutes(1) };
        await store.RecordAsync([again, Record("b", 5, "{}")], CancellationToken.None);

        var history = await store.GetHistoryAsync("b", CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 4, 5, 7 }, history.Select(r => r.Sequence));
        Assert.Equal(again, history.Single(r => r.Sequence == 4));
        Assert.Equal(Record("b", 7, "{}"), history.Single(r => r.Sequence == 7));
        var documents = new List<string>();
        using var ids = database.GetContainer(CosmosSchema.History).GetItemQueryIterator<IdOnly>(
            "SELECT c.id FROM c", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("b") });
        while (ids.HasMoreResults)
        {
            documents.AddRange((await ids.ReadNextAsync()).Select(d => d.Id));
        }

        Assert.Equal(3, documents.Count);
    }

    [Fact]
    public async Task Purge_removes_the_instance_and_its_history_only()
    {
        var store = await NewStoreAsync();
        await store.CreateIfAbsentAsync(Instance("p"), CancellationToken.None);
        await store.CreateIfAbsentAsync(Instance("keep"), CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await store.RecordAsync([Record("p", i, "{}")], CancellationToken.None);
            await store.RecordAsync([Record("keep", i, "{}")], CancellationToken.None);
        }

        Assert.True(await store.PurgeAsync("p", CancellationToken.None));
        Assert.False(await store.PurgeAsync("p", CancellationToken.None));

        Assert.Null(await store.GetAsync("p", CancellationToken.None));
        Assert.Empty(await store.GetHistoryAsync("p", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("keep", CancellationToken.None));
        Assert.Equal(5, (await store.GetHistoryAsync("keep", CancellationToken.None)).Count);

        var (recreated, created) = await store.CreateIfAbsentAsync(Instance("p", kind: "gen"), CancellationToken.None);
        Assert.True(created);
        Assert.Equal("gen", recreated.Kind);
        Assert.Empty(await store.GetHistoryAsync("p", CancellationToken.None));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData(" padded")]
    public async Task Ids_that_cosmos_would_misroute_are_rejected_before_any_request(string id)
    {
        var store = await NewStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateIfAbsentAsync(Instance(id), CancellationToken.None));
        Assert.Contains(id, error.Message);
    }

    private sealed record IdOnly(string Id);

    private static ActivityRecord Record(string instanceId, int sequence, string? result) =>
        new(instanceId, sequence, $"activity-{sequence}", result, null, T0.AddSeconds(sequence));

    private static async Task<(List<string> Ids, int Pages)> ListAllAsync(CosmosInstanceStore store, InstanceQuery query)
    {
        var ids = new List<string>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(query with { ContinuationToken = continuation }, CancellationToken.None);
            Assert.True(page.Instances.Count <= query.PageSize);
            ids.AddRange(page.Instances.Select(i => i.Id));
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null && pages < 100);

        return (ids, pages);
    }
}
