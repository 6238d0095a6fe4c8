using System.Security.Cryptography;
using System.Text;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Drops;

public sealed class DropScannerTests
{
    private static readonly DropConvention Folders = new("letters-drop", "manifest.json");
    private static readonly DropConvention Requests = new("gen-requests", null);

    [Theory]
    [InlineData("day-1/manifest.json", true)]
    [InlineData("2026/11/day-1/manifest.json", true)]
    [InlineData("day-1/words.txt", false)]
    [InlineData("manifest.json", false)]
    [InlineData("day-1/old-manifest.json", false)]
    public void In_folder_drops_only_the_folders_trigger_file_starts_a_run(string path, bool expected) =>
        Assert.Equal(expected, DropScanner.IsTrigger(Folders, path));

    [Theory]
    [InlineData("nightly.json", true)]
    [InlineData("NIGHTLY.JSON", true)]
    [InlineData("archive/nightly.json", false)]
    [InlineData("nightly.txt", false)]
    public void In_request_drops_only_a_root_level_json_file_starts_a_run(string path, bool expected) =>
        Assert.Equal(expected, DropScanner.IsTrigger(Requests, path));

    [Fact]
    public async Task Only_unprocessed_triggers_are_pending_and_the_request_holds_every_file_of_the_folder()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync(Folders.Container, default);
        await WriteAsync(blobs, "day-1/words.txt", "alpha");
        await WriteAsync(blobs, "day-1/manifest.json", "{}");
        await WriteAsync(blobs, "day-2/manifest.json", "{}");
        var day2 = (await blobs.GetInfoAsync(new BlobRef(Folders.Container, "day-2/manifest.json"), default))!;
        await blobs.SetMetadataAsync(day2.Blob, new Dictionary<string, string> { [DropScanner.ProcessedKey] = "drop-letters-x" }, default);

        var pending = Assert.Single(await DropScanner.PendingTriggersAsync(blobs, Folders, default));
        var request = await DropScanner.RequestForAsync(blobs, Folders, pending, default);

        Assert.Equal("day-1/manifest.json", pending.Blob.Path);
        Assert.Equal(new BlobFolder(Folders.Container, "day-1/"), request.Source);
        Assert.Equal(["day-1/manifest.json", "day-1/words.txt"], request.Drop!.Blobs.Select(b => b.Path).Order(StringComparer.Ordinal));
        Assert.Equal(pending.ETag, request.Drop.ETag);
        Assert.Equal(day2.Blob, (await DropScanner.LatestProcessedAsync(blobs, Folders, default))!.Blob);
    }

    [Fact]
    public async Task A_drops_run_id_follows_its_bytes_not_its_upload()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync(Folders.Container, default);
        await WriteAsync(blobs, "day-1/words.txt", "alpha");
        await WriteAsync(blobs, "day-1/manifest.json", "{}");
        var trigger = new BlobRef(Folders.Container, "day-1/manifest.json");
        var first = await DropScanner.RunIdAsync(blobs, "letters", Folders, trigger, default);

        // The same bytes uploaded again (new ETag, metadata gone): the same run.
        var etagBefore = (await blobs.GetInfoAsync(trigger, default))!.ETag;
        await WriteAsync(blobs, "day-1/words.txt", "alpha");
        await WriteAsync(blobs, "day-1/manifest.json", "{}");
        Assert.NotEqual(etagBefore, (await blobs.GetInfoAsync(trigger, default))!.ETag);
        var again = await DropScanner.RunIdAsync(blobs, "letters", Folders, trigger, default);

        // One byte of a data file changed: a new run.
        await WriteAsync(blobs, "day-1/words.txt", "alphb");
        var changed = await DropScanner.RunIdAsync(blobs, "letters", Folders, trigger, default);

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
        Assert.Matches("^drop-letters-[0-9a-f]{20}$", first);
        Assert.NotEqual(first[^20..], (await DropScanner.RunIdAsync(blobs, "recon", Folders, trigger, default))[^20..]);
    }

    [Fact]
    public async Task Files_hashed_several_at_once_each_keep_their_own_hash_and_a_missing_one_is_left_out()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync(Folders.Container, default);
        // More files than are hashed at once, of different sizes, so they finish out of order.
        var files = Enumerable.Range(0, 9).Select(i => (Blob: new BlobRef(Folders.Container, $"d/f{i}.txt"), Text: new string((char)('a' + i), 1 + (i * 7_919 % 50_000)))).ToList();
        foreach (var (blob, text) in files)
        {
            await WriteAsync(blobs, blob.Path, text);
        }

        var gone = new BlobRef(Folders.Container, "d/gone.txt");
        var id = await DropScanner.ContentRunIdAsync(blobs, "letters", [.. files.Select(f => f.Blob), gone], default);

        Assert.Equal(DropScanner.RunIdOfHashes("letters", files.Select(f => (f.Blob, SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(f.Text))))), id);
    }

    [Fact]
    public async Task The_content_id_is_the_hash_of_sorted_paths_and_file_hashes_whatever_order_the_files_come_in()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync(Folders.Container, default);
        await WriteAsync(blobs, "d/a.txt", "one");
        await WriteAsync(blobs, "d/b.txt", "two");
        var a = new BlobRef(Folders.Container, "d/a.txt");
        var b = new BlobRef(Folders.Container, "d/b.txt");

        var forward = await DropScanner.ContentRunIdAsync(blobs, "letters", [a, b], default);
        var backward = await DropScanner.ContentRunIdAsync(blobs, "letters", [b, a], default);
        var fromHashes = DropScanner.RunIdOfHashes("letters", [(b, SHA256.HashData("two"u8)), (a, SHA256.HashData("one"u8))]);

        // Swapping which file holds which bytes keeps the set of hashes but not the pairs: another id.
        var swapped = DropScanner.RunIdOfHashes("letters", [(a, SHA256.HashData("two"u8)), (b, SHA256.HashData("one"u8))]);

        Assert.Equal(forward, backward);
        Assert.Equal(forward, fromHashes);
        Assert.NotEqual(forward, swapped);
    }

    private static Task<string> WriteAsync(InMemoryBlobStore blobs, string path, string text) =>
        blobs.WriteAsync(new BlobRef(Folders.Container, path), new MemoryStream(Encoding.UTF8.GetBytes(text)), default);
}
