using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Runs;

/// <summary>The run listing is newest first across pages and kinds (<see cref="RunIndex"/>), whatever the backend's own order.</summary>
public sealed class RunListingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly InMemoryBlobStore _blobs = new();

    private PipelineServices Services => new(_blobs, new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);

    [Fact]
    public async Task Runs_list_newest_first_across_pages_and_kinds_with_older_runs_indexed_and_purged_ones_left_out()
    {
        await using var pipeline = await SdkPipeline.StartAsync([new LetterCountWorkload(Services, 2), new LetterCountWorkload(Services, 2, "words")], Services);
        var request = new RunRequest(new BlobFolder("letters-drop", "none/"), null);
        // A run started before the index existed: straight through the backend, as an older version did.
        await pipeline.RunClient.StartIfAbsentAsync("words", RunIds.InstanceId("words", "z-before-index"), request, default);
        await Task.Delay(5);
        // Ids against time: the backends list by id, the listing must not.
        var ids = new[] { ("letters", "m-1"), ("words", "a-2"), ("letters", "z-3"), ("words", "c-4"), ("letters", "b-5"), ("words", "y-6"), ("letters", "a-7") };
        foreach (var (kind, id) in ids)
        {
            await pipeline.StartAsync(kind, request, id);
            await Task.Delay(5);
        }

        foreach (var id in ids.Select(i => i.Item2).Append("z-before-index"))
        {
            await pipeline.WaitForCompletionAsync(id, Patience);
        }

        // One run purged through the service (its index entries go with it), one behind its back (its entries stay, unlisted).
        await pipeline.Runs.PurgeAsync("b-5", default);
        await pipeline.RunClient.PurgeInstanceAsync(RunIds.InstanceId("letters", "m-1"), default);

        // The host builds the index as it starts (in the background); here the test waits for it.
        Assert.False(await pipeline.Runs.TryMarkIndexBuiltAsync(default));
        await pipeline.Runs.BuildIndexAsync(default);
        var newestFirst = new[] { "a-7", "y-6", "c-4", "z-3", "a-2", "z-before-index" };
        Assert.Equal(newestFirst, await ListAllAsync(pipeline.Runs, null, 3));
        Assert.Equal(newestFirst.Where(id => id is "y-6" or "c-4" or "a-2" or "z-before-index"), await ListAllAsync(pipeline.Runs, "words", 2));
        var created = (await pipeline.Runs.FindAsync("c-4", false, default))!.CreatedAt;
        var since = await pipeline.Runs.ListAsync(new RunListFilter(null, null, created, null, 100, null), default);
        Assert.Equal(["a-7", "y-6", "c-4"], since.Match(p => p.Items.Select(r => r.Id).ToList(), _ => [], (_, _) => [], _ => []));
        var indexed = (await _blobs.ListNamesAsync(RunIndex.Container, "", 1000, null, default)).Names;
        Assert.DoesNotContain(indexed, n => n.EndsWith("/b-5", StringComparison.Ordinal));
        Assert.Contains(indexed, n => n.EndsWith("/m-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_the_index_is_unbuilt_a_listing_answers_every_run_in_the_task_hubs_order_and_says_so_and_its_pages_end_in_that_order()
    {
        await using var pipeline = await SdkPipeline.StartAsync([new LetterCountWorkload(Services, 2), new LetterCountWorkload(Services, 2, "words")], Services);
        var request = new RunRequest(new BlobFolder("letters-drop", "none/"), null);
        // Runs of a hub older than the index: started straight through the backend, as an older version did.
        var ids = new[] { ("letters", "m-1"), ("words", "a-2"), ("letters", "z-3"), ("words", "c-4"), ("letters", "b-5") };
        foreach (var (kind, id) in ids)
        {
            await pipeline.RunClient.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, id), request, default);
            await Task.Delay(5);
        }

        foreach (var (_, id) in ids)
        {
            await pipeline.WaitForCompletionAsync(id, Patience);
        }

        Assert.False(await pipeline.Runs.TryMarkIndexBuiltAsync(default));
        var first = await PageAsync(pipeline.Runs, new RunListFilter(null, null, null, null, 3, null));
        Assert.Equal(RunOrder.TaskHub, first.Order);
        // Kind by kind in the backend's own order (this one's is not by id): the letters runs, then the words runs.
        Assert.Equal(["b-5", "m-1", "z-3"], first.Items.Select(r => r.Id).Order());

        // The build finishes between two pages: paging that started in the task hub's order ends in it, with no run lost or repeated.
        await pipeline.Runs.BuildIndexAsync(default);
        var second = await PageAsync(pipeline.Runs, new RunListFilter(null, null, null, null, 3, first.ContinuationToken));
        Assert.Equal(RunOrder.TaskHub, second.Order);
        Assert.Equal(["a-2", "c-4"], second.Items.Select(r => r.Id).Order());
        Assert.Null(second.ContinuationToken);

        // A new listing is newest first; a by-id token is refused by another listing's filters.
        var fresh = await PageAsync(pipeline.Runs, new RunListFilter(null, null, null, null, 100, null));
        Assert.Equal(RunOrder.NewestFirst, fresh.Order);
        Assert.Equal(["b-5", "c-4", "z-3", "a-2", "m-1"], fresh.Items.Select(r => r.Id));
        var other = await pipeline.Runs.ListAsync(new RunListFilter(null, "words", null, null, 3, first.ContinuationToken), default);
        Assert.Equal("continuationToken", other.Match(_ => "", _ => "", (field, _) => field, _ => ""));
    }

    [Fact]
    public async Task A_brand_new_hub_is_marked_built_at_once_and_lists_its_runs_newest_first()
    {
        await using var pipeline = await SdkPipeline.StartAsync([new LetterCountWorkload(Services, 2)], Services);
        Assert.True(await pipeline.Runs.TryMarkIndexBuiltAsync(default));
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef(RunIndex.Container, "ready"), default));

        var request = new RunRequest(new BlobFolder("letters-drop", "none/"), null);
        foreach (var id in new[] { "b", "a", "c" })
        {
            await pipeline.StartAsync("letters", request, id);
            await Task.Delay(5);
        }

        var page = await PageAsync(pipeline.Runs, new RunListFilter(null, null, null, null, 10, null));
        Assert.Equal(RunOrder.NewestFirst, page.Order);
        Assert.Equal(["c", "a", "b"], page.Items.Select(r => r.Id));
    }

    private static async Task<RunPage> PageAsync(RunService runs, RunListFilter filter) =>
        (await runs.ListAsync(filter, default)).Match(p => p, e => throw new InvalidOperationException(e), (f, p) => throw new InvalidOperationException($"{f}: {p}"), _ => null!);

    private static async Task<List<string>> ListAllAsync(RunService runs, string? kind, int pageSize)
    {
        var ids = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await runs.ListAsync(new RunListFilter(null, kind, null, null, pageSize, token), default)).Match(p => p, _ => null!, (_, _) => null!, _ => null!);
            Assert.InRange(page.Items.Count, 0, pageSize);
            Assert.Equal(RunOrder.NewestFirst, page.Order);
            ids.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null && ++pages < 20);

        return ids;
    }
}
