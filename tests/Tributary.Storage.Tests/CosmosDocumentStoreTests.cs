using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Cosmos;

namespace Tributary.Storage.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class CosmosDocumentStoreTests(EmulatorFixture fixture)
{
    private const string Breaks = "recon-breaks";

    public enum Severity { Low, High }

    /// <summary>A break as the reconciliation engine might store it; it carries no id of its own.</summary>
    public sealed record BreakDoc(string BreakType, Severity Severity, string Status, decimal Impact);

    private async Task<CosmosDocumentStore> NewStoreAsync() => new(await fixture.NewDatabaseAsync("docs"));

    [Fact]
    public async Task Upsert_then_read_round_trips_and_stamps_id_and_partition_key()
    {
        var store = await NewStoreAsync();
        var document = new BreakDoc("amount", Severity.High, "open", 1234.5m);

        var etag = await store.UpsertAsync(Breaks, "run-1", "b1", document, CancellationToken.None);
        var read = await store.ReadAsync<BreakDoc>(Breaks, "run-1", "b1", CancellationToken.None);
        var raw = await store.ReadAsync<System.Text.Json.Nodes.JsonObject>(Breaks, "run-1", "b1", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(document, read.Document);
        Assert.Equal(etag, read.ETag);
        Assert.Equal("b1", raw!.Document["id"]!.GetValue<string>());
        Assert.Equal("run-1", raw.Document["runId"]!.GetValue<string>());
        Assert.Equal("High", raw.Document["severity"]!.GetValue<string>());
        Assert.Null(await store.ReadAsync<BreakDoc>(Breaks, "run-2", "b1", CancellationToken.None));
        Assert.Null(await store.ReadAsync<BreakDoc>(Breaks, "run-1", "b2", CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_overwrites_by_id_so_a_rerun_never_duplicates()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.Low, "open", 1m), CancellationToken.None);
        await store.UpsertAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.High, "open", 2m), CancellationToken.None);

        var page = await store.QueryAsync<BreakDoc>(Breaks, "run-1", new Dictionary<string, string>(), 10, null, CancellationToken.None);

        Assert.Equal(2m, Assert.Single(page.Items).Impact);
    }

    [Fact]
    public async Task Upsert_many_stores_every_document_in_batches_and_overwrites_by_id()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(Breaks, "run-1", "b0007", new BreakDoc("amount", Severity.Low, "resolved", -1m), CancellationToken.None);
        // 250 documents: three batches of at most 100, one of them replacing a document written before.
        var documents = Enumerable.Range(0, 250)
            .Select(i => ($"b{i:D4}", new BreakDoc(i % 2 == 0 ? "amount" : "missing", i % 3 == 0 ? Severity.High : Severity.Low, "open", i)))
            .ToList();

        await store.UpsertManyAsync(Breaks, "run-1", documents, CancellationToken.None);
        await store.UpsertManyAsync(Breaks, "run-2", new List<(string, BreakDoc)>(), CancellationToken.None);

        var stored = new List<BreakDoc>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<BreakDoc>(Breaks, "run-1", new Dictionary<string, string>(), 100, continuation, CancellationToken.None);
            stored.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(documents.Select(d => d.Item2), stored);
        var raw = await store.ReadAsync<System.Text.Json.Nodes.JsonObject>(Breaks, "run-1", "b0249", CancellationToken.None);
        Assert.Equal("run-1", raw!.Document["runId"]!.GetValue<string>());
        Assert.Equal("b0249", raw.Document["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_many_rejects_a_document_that_names_another_partition_and_stores_none_of_its_batch()
    {
        var store = await NewStoreAsync();
        var documents = new List<(string, System.Text.Json.Nodes.JsonObject)>
        {
            ("a", new System.Text.Json.Nodes.JsonObject { ["status"] = "open" }),
            ("b", new System.Text.Json.Nodes.JsonObject { ["runId"] = "run-2" }),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertManyAsync(Breaks, "run-1", documents, CancellationToken.None));

        Assert.Null(await store.ReadAsync<BreakDoc>(Breaks, "run-1", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_a_concurrency_conflict()
    {
        var store = await NewStoreAsync();
        var first = await store.UpsertAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.Low, "open", 1m), CancellationToken.None);

        var second = await store.ReplaceAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.Low, "investigating", 1m), first, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.ReplaceAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.Low, "resolved", 1m), first, CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.ReplaceAsync(Breaks, "run-1", "missing", new BreakDoc("amount", Severity.Low, "resolved", 1m), first, CancellationToken.None));

        Assert.NotEqual(first, second);
        Assert.Equal("investigating", (await store.ReadAsync<BreakDoc>(Breaks, "run-1", "b1", CancellationToken.None))!.Document.Status);
    }

    [Fact]
    public async Task Query_filters_by_equality_within_one_partition_and_pages_with_continuation()
    {
        var store = await NewStoreAsync();
        var random = new Random(20261123);
        var types = new[] { "amount", "missing", "duplicate" };
        var written = new List<(string Run, string Id, BreakDoc Doc)>();
        foreach (var run in new[] { "run-a", "run-b" })
        {
            for (var i = 0; i < 15; i++)
            {
                var doc = new BreakDoc(types[random.Next(3)], random.Next(2) == 0 ? Severity.Low : Severity.High, i % 3 == 0 ? "resolved" : "open", i);
                written.Add((run, $"{run}-{i:D2}", doc));
                await store.UpsertAsync(Breaks, run, $"{run}-{i:D2}", doc, CancellationToken.None);
            }
        }

        var filter = new Dictionary<string, string> { ["severity"] = "High", ["status"] = "open" };
        var (items, pages) = await QueryAllAsync(store, "run-a", filter, pageSize: 2);

        var expected = written.Where(w => w.Run == "run-a" && w.Doc.Severity == Severity.High && w.Doc.Status == "open").Select(w => w.Doc).ToList();
        Assert.Equal(expected, items);
        Assert.True(expected.Count >= 3, "the seed should give several matches");
        Assert.Equal((expected.Count + 1) / 2, pages);

        var everything = await QueryAllAsync(store, "run-b", new Dictionary<string, string>(), pageSize: 4);
        Assert.Equal(written.Where(w => w.Run == "run-b").Select(w => w.Doc), everything.Items);
    }

    [Fact]
    public async Task Query_rejects_property_names_that_could_inject_sql()
    {
        var store = await NewStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<BreakDoc>(
            Breaks, "run-1", new Dictionary<string, string> { ["status\"] = 1 OR c[\"x"] = "open" }, 10, null, CancellationToken.None));

        Assert.Contains("not a plain property name", error.Message);
    }

    [Fact]
    public async Task Delete_reports_whether_the_document_existed()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(Breaks, "run-1", "b1", new BreakDoc("amount", Severity.Low, "open", 1m), CancellationToken.None);

        Assert.True(await store.DeleteAsync(Breaks, "run-1", "b1", CancellationToken.None));
        Assert.False(await store.DeleteAsync(Breaks, "run-1", "b1", CancellationToken.None));
        Assert.Null(await store.ReadAsync<BreakDoc>(Breaks, "run-1", "b1", CancellationToken.None));
    }

    [Fact]
    public async Task A_document_whose_partition_key_disagrees_with_the_call_is_rejected()
    {
        var store = await NewStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.UpsertAsync("gen-runs", "run-1", "manifest", new { RunId = "run-2", Rows = 5 }, CancellationToken.None));

        Assert.Contains("run-2", error.Message);
    }

    [Fact]
    public async Task Unknown_containers_are_rejected_with_the_known_ones_named()
    {
        var store = await NewStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.UpsertAsync("breaks", "run-1", "b1", new BreakDoc("amount", Severity.Low, "open", 1m), CancellationToken.None));

        Assert.Contains("recon-breaks", error.Message);
    }

    [Fact]
    public async Task A_query_in_an_order_keeps_it_across_pages_with_filters_and_ties()
    {
        var store = await NewStoreAsync();
        // Impacts with ties, ids in another order than the impacts, and a break of another run that must not show.
        for (var i = 0; i < 23; i++)
        {
            await store.UpsertAsync(Breaks, "run-sort", $"b{i:D2}", new BreakDoc("amount", i % 3 == 0 ? Severity.High : Severity.Low, "open", (i * 7) % 10), CancellationToken.None);
        }

        await store.UpsertAsync(Breaks, "run-other", "b99", new BreakDoc("amount", Severity.High, "open", 1000m), CancellationToken.None);
        var byImpact = new DocumentOrder("impact", Descending: true);

        var all = new List<BreakDoc>();
        var high = new List<BreakDoc>();
        foreach (var (filter, into) in new[] { (new Dictionary<string, string>(), all), (new Dictionary<string, string> { ["severity"] = "High" }, high) })
        {
            string? continuation = null;
            var pages = 0;
            do
            {
                var page = await store.QueryAsync<BreakDoc>(Breaks, "run-sort", filter, byImpact, 5, continuation, CancellationToken.None);
                into.AddRange(page.Items);
                continuation = page.ContinuationToken;
            }
            while (continuation is not null && ++pages < 20);
        }

        Assert.Equal(23, all.Count);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (decimal)((i * 7) % 10)).OrderDescending(), all.Select(b => b.Impact));
        Assert.Equal(8, high.Count);
        Assert.All(high, b => Assert.Equal(Severity.High, b.Severity));
        Assert.Equal(high.Select(b => b.Impact).OrderDescending(), high.Select(b => b.Impact));
    }

    [Fact]
    public async Task Throttling_and_timeouts_are_raised_as_a_dependency_that_may_answer_later()
    {
        var throttled = new CosmosOverload(new ThrowingStore(new Microsoft.Azure.Cosmos.CosmosException("throttled", System.Net.HttpStatusCode.TooManyRequests, 0, "a", 1)));
        var broken = new CosmosOverload(new ThrowingStore(new Microsoft.Azure.Cosmos.CosmosException("bad", System.Net.HttpStatusCode.BadRequest, 0, "a", 1)));

        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() =>
            throttled.QueryAsync<BreakDoc>(Breaks, "run-1", new Dictionary<string, string>(), 10, null, CancellationToken.None));
        Assert.Equal("Cosmos DB", unavailable.Dependency);
        Assert.IsType<Microsoft.Azure.Cosmos.CosmosException>(unavailable.InnerException);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => throttled.ReadAsync<BreakDoc>(Breaks, "run-1", "b1", CancellationToken.None));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() =>
            throttled.UpsertManyAsync(Breaks, "run-1", new List<(string, BreakDoc)> { ("b1", new BreakDoc("amount", Severity.Low, "open", 1m)) }, CancellationToken.None));
        await Assert.ThrowsAsync<Microsoft.Azure.Cosmos.CosmosException>(() =>
            broken.QueryAsync<BreakDoc>(Breaks, "run-1", new Dictionary<string, string>(), 10, null, CancellationToken.None));
        Assert.True(CosmosOverload.IsTransient(System.Net.HttpStatusCode.ServiceUnavailable));
        Assert.True(CosmosOverload.IsTransient(System.Net.HttpStatusCode.RequestTimeout));
    }

    private sealed class ThrowingStore(Exception failure) : IDocumentStore
    {
        public Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken) => throw failure;

        public Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) => throw failure;

        public Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken) => throw failure;

        public Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            throw failure;

        public Task<DocumentPage<T>> QueryAsync<T>(
            string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            throw failure;

        public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken) => throw failure;

        public Task UpsertManyAsync<T>(string container, string partitionKey, IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken) =>
            throw failure;
    }

    private static async Task<(List<BreakDoc> Items, int Pages)> QueryAllAsync(
        CosmosDocumentStore store, string run, Dictionary<string, string> filter, int pageSize)
    {
        var items = new List<BreakDoc>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<BreakDoc>(Breaks, run, filter, pageSize, continuation, CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, pageSize);
            items.AddRange(page.Items);
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null && pages < 100);

        return (items, pages);
    }
}
