using System.Text;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Blobs;

namespace Tributary.Storage.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class AzureBlobStoreTests(EmulatorFixture fixture)
{
    private static int _containers;

    private async Task<(AzureBlobStore Store, string Container)> NewContainerAsync()
    {
        var store = new AzureBlobStore(fixture.Emulators.StorageSettings.CreateBlobServiceClient());
        var container = $"blobs-{Interlocked.Increment(ref _containers)}";
        await store.EnsureContainerAsync(container, CancellationToken.None);
        return (store, container);
    }

    [Fact]
    public async Task Write_then_read_returns_the_bytes_and_the_etag_changes_on_overwrite()
    {
        var (store, container) = await NewContainerAsync();
        var blob = new BlobRef(container, "hpi-drop/sample/transactions.csv");

        var first = await store.WriteAsync(blob, Utf8("a,b\n1,2\n"), CancellationToken.None);
        var second = await store.WriteAsync(blob, Utf8("a,b\n3,4\n"), CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal("a,b\n3,4\n", await ReadTextAsync(store, blob));
        Assert.Equal(second, (await store.GetInfoAsync(blob, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task A_read_pinned_to_an_etag_reads_that_version_and_refuses_a_replaced_blob_on_azurite_through_the_guard_and_in_memory()
    {
        var (azure, container) = await NewContainerAsync();
        var memory = new Tributary.Pipeline.InMemory.InMemoryBlobStore();
        await memory.EnsureContainerAsync(container, CancellationToken.None);
        foreach (var store in new IBlobStore[] { azure, new StorageOverload(azure), memory })
        {
            var blob = new BlobRef(container, $"recon-drop/{store.GetType().Name}/left.csv");
            var first = await store.WriteAsync(blob, Utf8("id\n1\n"), CancellationToken.None);
            await using (var pinned = await store.OpenReadAsync(blob, first, CancellationToken.None))
            {
                Assert.Equal("id\n1\n", await new StreamReader(pinned).ReadToEndAsync());
            }

            // Same length, other bytes: only the version tells them apart.
            var second = await store.WriteAsync(blob, Utf8("id\n2\n"), CancellationToken.None);
            var error = await Assert.ThrowsAsync<BlobChangedException>(() => store.OpenReadAsync(blob, first, CancellationToken.None));
            Assert.Equal(blob, error.Blob);
            Assert.Contains(first, error.Message);
            await using var current = await store.OpenReadAsync(blob, second, CancellationToken.None);
            Assert.Equal("id\n2\n", await new StreamReader(current).ReadToEndAsync());
            await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(blob with { Path = blob.Path + ".missing" }, second, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Missing_blobs_read_as_file_not_found_and_have_no_info()
    {
        var (store, container) = await NewContainerAsync();
        var blob = new BlobRef(container, "nothing.csv");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(blob, CancellationToken.None));

        Assert.Contains(blob.ToString(), error.Message);
        Assert.Null(await store.GetInfoAsync(blob, CancellationToken.None));
        Assert.Null(await store.GetInfoAsync(new BlobRef("no-such-container", "x"), CancellationToken.None));
    }

    [Fact]
    public async Task List_is_flat_under_a_prefix_with_lengths_and_metadata()
    {
        var (store, container) = await NewContainerAsync();
        await store.WriteAsync(new BlobRef(container, "ds1/transactions.csv"), Utf8("12345"), CancellationToken.None);
        await store.WriteAsync(new BlobRef(container, "ds1/nested/tracts.csv"), Utf8("1"), CancellationToken.None,
            new Dictionary<string, string> { ["source"] = "test" });
        await store.WriteAsync(new BlobRef(container, "ds2/transactions.csv"), Utf8("1"), CancellationToken.None);

        var listed = await ToListAsync(store.ListAsync(container, "ds1/", CancellationToken.None));
        var missing = await ToListAsync(store.ListAsync("never-created", "", CancellationToken.None));

        Assert.Equal(new[] { "ds1/nested/tracts.csv", "ds1/transactions.csv" }, listed.Select(i => i.Blob.Path).Order());
        Assert.Equal(5, listed.Single(i => i.Blob.Path == "ds1/transactions.csv").Length);
        Assert.Equal("test", listed.Single(i => i.Blob.Path == "ds1/nested/tracts.csv").Metadata["source"]);
        Assert.All(listed, i => Assert.False(string.IsNullOrEmpty(i.ETag)));
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Name_pages_follow_their_tokens_in_name_order_with_each_names_metadata()
    {
        var (store, container) = await NewContainerAsync();
        foreach (var n in new[] { 3, 1, 4, 2, 5 })
        {
            await store.WriteAsync(new BlobRef(container, $"all/{n}"), Stream.Null, CancellationToken.None,
                n % 2 == 0 ? new Dictionary<string, string> { ["status"] = $"s{n}" } : null);
        }

        var names = new List<string>();
        var metadata = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListNamesAsync(container, "all/", 2, token, CancellationToken.None);
            Assert.InRange(page.Names.Count, 0, 2);
            names.AddRange(page.Names);
            metadata.AddRange(page.Names.Select((_, i) => page.MetadataAt(i).GetValueOrDefault("status", "-")));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["all/1", "all/2", "all/3", "all/4", "all/5"], names);
        Assert.Equal(["-", "s2", "-", "s4", "-"], metadata);
    }

    [Fact]
    public async Task A_blob_is_found_by_its_container_and_name_among_many_of_the_same_name_elsewhere()
    {
        // Azurite's lookups start from the name (scripts/azurite-lookups.js): the container must still decide.
        var (store, first) = await NewContainerAsync();
        var (_, second) = await NewContainerAsync();
        await store.WriteAsync(new BlobRef(first, "same/name"), Utf8("first"), CancellationToken.None);
        await store.WriteAsync(new BlobRef(second, "same/name"), Utf8("second"), CancellationToken.None, new Dictionary<string, string> { ["k"] = "2" });

        await store.SetMetadataAsync(new BlobRef(first, "same/name"), new Dictionary<string, string> { ["k"] = "1" }, CancellationToken.None);
        Assert.Equal("first", await ReadTextAsync(store, new BlobRef(first, "same/name")));
        Assert.Equal("2", (await store.GetInfoAsync(new BlobRef(second, "same/name"), CancellationToken.None))!.Metadata["k"]);
        Assert.True(await store.DeleteAsync(new BlobRef(first, "same/name"), CancellationToken.None));
        Assert.Null(await store.GetInfoAsync(new BlobRef(first, "same/name"), CancellationToken.None));
        Assert.Equal("second", await ReadTextAsync(store, new BlobRef(second, "same/name")));
    }

    [Fact]
    public async Task Set_metadata_merges_into_existing_metadata()
    {
        var (store, container) = await NewContainerAsync();
        var blob = new BlobRef(container, "ds/manifest.json");
        await store.WriteAsync(blob, Utf8("{}"), CancellationToken.None, new Dictionary<string, string> { ["uploadedBy"] = "alice" });

        await store.SetMetadataAsync(blob, new Dictionary<string, string> { ["processed"] = "run-7" }, CancellationToken.None);
        await store.SetMetadataAsync(blob, new Dictionary<string, string> { ["processed"] = "run-8" }, CancellationToken.None);

        var metadata = (await store.GetInfoAsync(blob, CancellationToken.None))!.Metadata;
        Assert.Equal("alice", metadata["uploadedBy"]);
        Assert.Equal("run-8", metadata["processed"]);
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            store.SetMetadataAsync(new BlobRef(container, "missing"), new Dictionary<string, string> { ["a"] = "b" }, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_metadata_merges_keep_every_key()
    {
        var (store, container) = await NewContainerAsync();
        var blob = new BlobRef(container, "ds/manifest.json");
        await store.WriteAsync(blob, Utf8("{}"), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            store.SetMetadataAsync(blob, new Dictionary<string, string> { [$"k{i}"] = $"v{i}" }, CancellationToken.None)));

        var metadata = (await store.GetInfoAsync(blob, CancellationToken.None))!.Metadata;
        Assert.Equal(new[] { "k0", "k1", "k2", "k3" }, metadata.Keys.Order());
    }

    [Fact]
    public async Task Copy_duplicates_content_and_metadata_into_another_container()
    {
        var (store, container) = await NewContainerAsync();
        var (_, quarantine) = await NewContainerAsync();
        var source = new BlobRef(container, "bad/left.csv");
        await store.WriteAsync(source, Utf8("x,y\n"), CancellationToken.None, new Dictionary<string, string> { ["origin"] = "drop" });

        await store.CopyAsync(source, new BlobRef(quarantine, "bad/left.csv"), CancellationToken.None);

        Assert.Equal("x,y\n", await ReadTextAsync(store, new BlobRef(quarantine, "bad/left.csv")));
        Assert.Equal("drop", (await store.GetInfoAsync(new BlobRef(quarantine, "bad/left.csv"), CancellationToken.None))!.Metadata["origin"]);
        Assert.NotNull(await store.GetInfoAsync(source, CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            store.CopyAsync(new BlobRef(container, "missing"), new BlobRef(quarantine, "m"), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_reports_whether_the_blob_existed()
    {
        var (store, container) = await NewContainerAsync();
        var blob = new BlobRef(container, "tmp.bin");
        await store.WriteAsync(blob, new MemoryStream([1, 2, 3]), CancellationToken.None);

        Assert.True(await store.DeleteAsync(blob, CancellationToken.None));
        Assert.False(await store.DeleteAsync(blob, CancellationToken.None));
        Assert.False(await store.DeleteAsync(new BlobRef("never-created", "x"), CancellationToken.None));
        Assert.Null(await store.GetInfoAsync(blob, CancellationToken.None));
    }

    [Fact]
    public async Task Ensure_container_is_idempotent()
    {
        var (store, container) = await NewContainerAsync();
        await store.WriteAsync(new BlobRef(container, "keep.txt"), Utf8("k"), CancellationToken.None);

        await store.EnsureContainerAsync(container, CancellationToken.None);
        await new AzureBlobStore(fixture.Emulators.StorageSettings.CreateBlobServiceClient()).EnsureContainerAsync(container, CancellationToken.None);

        Assert.Equal("k", await ReadTextAsync(store, new BlobRef(container, "keep.txt")));
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string> ReadTextAsync(AzureBlobStore store, BlobRef blob)
    {
        await using var stream = await store.OpenReadAsync(blob, CancellationToken.None);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
