using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Tributary.Storage.Cosmos;

namespace Tributary.Storage.Tests;

/// <summary>The fixes scripts/cosmos-server.js applies to @vercel/cosmosdb-server (docs/storage.md).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class CosmosLauncherTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Query_plan_requests_get_a_pass_through_plan_over_the_whole_key_range()
    {
        var database = await fixture.NewDatabaseAsync("plan");
        using var http = RawClient(out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Emulators.CosmosEndpoint!, $"dbs/{database.Id}/colls/recon-breaks/docs"))
        {
            Content = new StringContent("""{"query":"SELECT * FROM c ORDER BY c.id"}""", Encoding.UTF8, "application/query+json"),
        };
        request.Headers.Add("x-ms-cosmos-is-query-plan-request", "True");
        request.Headers.Add("x-ms-documentdb-isquery", "True");

        using var response = await http.SendAsync(request);
        var plan = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, plan["partitionedQueryExecutionInfoVersion"]!.GetValue<int>());
        var range = Assert.Single(plan["queryRanges"]!.AsArray())!;
        Assert.Equal("", range["min"]!.GetValue<string>());
        Assert.Equal("FF", range["max"]!.GetValue<string>());
        Assert.Empty(plan["queryInfo"]!.AsObject());
    }

    [Fact]
    public async Task Cross_partition_queries_and_counts_work_through_the_sdk()
    {
        var container = (await fixture.NewDatabaseAsync("xpart")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 4), ("B", 3));

        var ids = await ReadAllAsync<Break>(container, new QueryDefinition("SELECT * FROM c ORDER BY c.id"), new QueryRequestOptions { MaxItemCount = 2 });
        var count = await ReadAllAsync<int>(container, new QueryDefinition("SELECT VALUE COUNT(1) FROM c"), new QueryRequestOptions());

        Assert.Equal(new[] { "A-0", "A-1", "A-2", "A-3", "B-0", "B-1", "B-2" }, ids.Select(b => b.Id));
        Assert.Equal(7, Assert.Single(count));
    }

    [Fact]
    public async Task Queries_with_a_partition_key_see_only_that_partition_across_pages()
    {
        var container = (await fixture.NewDatabaseAsync("pkfilter")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 5), ("B", 3), ("AB", 2));

        var a = await ReadAllAsync<Break>(container, new QueryDefinition("SELECT * FROM c"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("A"), MaxItemCount = 2 });
        var bOpen = await ReadAllAsync<Break>(container,
            new QueryDefinition("SELECT * FROM c WHERE c.status = @s").WithParameter("@s", "open"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("B") });

        Assert.Equal(new[] { "A-0", "A-1", "A-2", "A-3", "A-4" }, a.Select(b => b.Id).Order());
        Assert.Equal(new[] { "B-0", "B-2" }, bOpen.Select(b => b.Id).Order());
    }

    [Fact]
    public async Task Point_read_of_a_missing_item_is_404_not_500()
    {
        var container = (await fixture.NewDatabaseAsync("missing")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 1));

        using var missingId = await container.ReadItemStreamAsync("A-9", new PartitionKey("A"));
        using var missingPartition = await container.ReadItemStreamAsync("A-0", new PartitionKey("Z"));
        using var present = await container.ReadItemStreamAsync("A-0", new PartitionKey("A"));
        var typed = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<Break>("nope", new PartitionKey("A")));

        Assert.Equal(HttpStatusCode.NotFound, missingId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingPartition.StatusCode);
        Assert.Equal(HttpStatusCode.OK, present.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, typed.StatusCode);
    }

    [Fact]
    public async Task Connections_are_kept_alive_across_requests()
    {
        using var http = RawClient(out var connections);

        for (var i = 0; i < 10; i++)
        {
            using var response = await http.GetAsync(fixture.Emulators.CosmosEndpoint);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(true, response.Headers.ConnectionClose);
        }

        Assert.Equal(1, connections.Value);
    }

    [Fact]
    public async Task Change_feed_is_incremental_in_write_order_and_scoped_to_a_partition_when_asked()
    {
        var container = (await fixture.NewDatabaseAsync("feed")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 3), ("B", 1));

        var feed = container.GetChangeFeedIterator<Break>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = 2 });
        var (initial, continuation) = await DrainAsync(feed);
        await container.UpsertItemAsync(new Break("A-1", "A", "resolved"), new PartitionKey("A"));
        await container.CreateItemAsync(new Break("B-9", "B", "open"), new PartitionKey("B"));
        var (changes, _) = await DrainAsync(container.GetChangeFeedIterator<Break>(ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion));
        var (onlyB, _) = await DrainAsync(container.GetChangeFeedIterator<Break>(
            ChangeFeedStartFrom.Beginning(FeedRange.FromPartitionKey(new PartitionKey("B"))), ChangeFeedMode.LatestVersion));

        Assert.Equal(new[] { "A-0", "A-1", "A-2", "B-0" }, initial.Select(b => b.Id));
        Assert.Equal(new[] { new Break("A-1", "A", "resolved"), new Break("B-9", "B", "open") }, changes);
        Assert.Equal(new[] { "B-0", "B-9" }, onlyB.Select(b => b.Id));
    }

    [Fact]
    public async Task Transactional_batches_from_the_sdk_are_stored_with_their_results()
    {
        var container = (await fixture.NewDatabaseAsync("batch")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 2));
        var before = await container.ReadItemAsync<Break>("A-1", new PartitionKey("A"));

        using var response = await container.CreateTransactionalBatch(new PartitionKey("A"))
            .UpsertItem(new Break("A-0", "A", "resolved"))
            .CreateItem(new Break("A-7", "A", "open"))
            .ReplaceItem("A-1", new Break("A-1", "A", "investigating"), new TransactionalBatchItemRequestOptions { IfMatchEtag = before.ETag })
            .ReadItem("A-7")
            .UpsertItem(new Break("A-8", "A", "open"), new TransactionalBatchItemRequestOptions { EnableContentResponseOnWrite = false })
            .ExecuteAsync();

        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
        Assert.Equal(
            new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created },
            response.Select(r => r.StatusCode));
        Assert.Equal(new Break("A-7", "A", "open"), response.GetOperationResultAtIndex<Break>(3).Resource);
        Assert.Equal(new Break("A-0", "A", "resolved"), response.GetOperationResultAtIndex<Break>(0).Resource);
        Assert.Null(response[4].ResourceStream);
        foreach (var (id, index) in new[] { ("A-0", 0), ("A-7", 1), ("A-1", 2), ("A-8", 4) })
        {
            Assert.Equal((await container.ReadItemAsync<Break>(id, new PartitionKey("A"))).ETag, response[index].ETag);
        }

        Assert.Equal(
            new[] { new Break("A-0", "A", "resolved"), new Break("A-1", "A", "investigating"), new Break("A-7", "A", "open"), new Break("A-8", "A", "open") },
            (await ReadAllAsync<Break>(container, new QueryDefinition("SELECT * FROM c"), new QueryRequestOptions { PartitionKey = new PartitionKey("A") })).OrderBy(b => b.Id));
    }

    [Fact]
    public async Task A_transactional_batch_is_all_or_nothing()
    {
        var container = (await fixture.NewDatabaseAsync("batch-atomic")).GetContainer("recon-breaks");
        await SeedAsync(container, ("A", 2));
        var stored = await ReadAllAsync<System.Text.Json.Nodes.JsonObject>(container, new QueryDefinition("SELECT * FROM c"), new QueryRequestOptions { PartitionKey = new PartitionKey("A") });

        using var conflict = await container.CreateTransactionalBatch(new PartitionKey("A"))
            .UpsertItem(new Break("A-0", "A", "resolved"))
            .DeleteItem("A-1")
            .CreateItem(new Break("A-5", "A", "open"))
            .CreateItem(new Break("A-0", "A", "duplicate"))
            .UpsertItem(new Break("A-6", "A", "open"))
            .ExecuteAsync();
        using var stale = await container.CreateTransactionalBatch(new PartitionKey("A"))
            .UpsertItem(new Break("A-9", "A", "open"))
            .ReplaceItem("A-1", new Break("A-1", "A", "resolved"), new TransactionalBatchItemRequestOptions { IfMatchEtag = "\"stale\"" })
            .ExecuteAsync();
        using var otherPartition = await container.CreateTransactionalBatch(new PartitionKey("A"))
            .UpsertItem(new Break("A-9", "A", "open"))
            .UpsertItem(new Break("B-1", "B", "open"))
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(
            new[] { HttpStatusCode.FailedDependency, HttpStatusCode.FailedDependency, HttpStatusCode.FailedDependency, HttpStatusCode.Conflict, HttpStatusCode.FailedDependency },
            conflict.Select(r => r.StatusCode));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherPartition.StatusCode);
        var after = await ReadAllAsync<System.Text.Json.Nodes.JsonObject>(container, new QueryDefinition("SELECT * FROM c"), new QueryRequestOptions { PartitionKey = new PartitionKey("A") });
        Assert.Equal(stored.Select(d => d.ToJsonString()).Order(), after.Select(d => d.ToJsonString()).Order());
        Assert.Empty(await ReadAllAsync<Break>(container, new QueryDefinition("SELECT * FROM c"), new QueryRequestOptions { PartitionKey = new PartitionKey("B") }));
    }

    /// <summary>Reads a change feed until it reports no more changes (304); returns the changes and the continuation.</summary>
    private static async Task<(List<Break> Changes, string Continuation)> DrainAsync(FeedIterator<Break> feed)
    {
        var changes = new List<Break>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await feed.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return (changes, page.ContinuationToken);
            }

            changes.AddRange(page);
        }

        throw new InvalidOperationException("The change feed never reported that it was caught up.");
    }

    private sealed record Break(string Id, string RunId, string Status);

    private static async Task SeedAsync(Container container, params (string RunId, int Count)[] runs)
    {
        foreach (var (runId, count) in runs)
        {
            for (var i = 0; i < count; i++)
            {
                await container.CreateItemAsync(new Break($"{runId}-{i}", runId, i % 2 == 0 ? "open" : "closed"), new PartitionKey(runId));
            }
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(Container container, QueryDefinition query, QueryRequestOptions options)
    {
        var items = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            items.AddRange(await iterator.ReadNextAsync());
        }

        return items;
    }

    /// <summary>An HttpClient that accepts the local server's self-signed certificate and counts the TCP connections it opens.</summary>
    private static HttpClient RawClient(out StrongBox<int> connections)
    {
        var opened = new StrongBox<int>();
        connections = opened;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref opened.Value);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler);
    }
}
