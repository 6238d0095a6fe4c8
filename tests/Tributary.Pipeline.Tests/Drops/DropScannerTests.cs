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
    public async Task Only_unprocessed_triggers_are_pending_and_an_upload_keeps_its_run_id_until_it_is_uploaded_again()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync(Folders.Container, default);
        await WriteAsync(blobs, "day-1/words.txt", "alpha");
        await WriteAsync(blobs, "day-1/manifest.json", "{}");
        await WriteAsync(blobs, "day-2/manifest.json", "{}");
        var day2 = (await blobs.GetInfoAsync(new BlobRef(Folders.Container, "day-2/manifest.json"), default))!;
        await blobs.SetMetadataAsync(day2.Blob, new Dictionary<string, string> { [DropScanner.ProcessedKey] = DropScanner.RunId("letters", day2) }, default);

        var pending = Assert.Single(await DropScanner.PendingTriggersAsync(blobs, Folders, default));
        var request = await DropScanner.RequestForAsync(blobs, Folders, pending, default);
        var runId = DropScanner.RunId("letters", pending);
        await WriteAsync(blobs, "day-1/manifest.json", "{}");
        var uploadedAgain = (await blobs.GetInfoAsync(pending.Blob, default))!;

        Assert.Equal("day-1/manifest.json", pending.Blob.Path);
        Assert.Equal(new BlobFolder(Folders.Container, "day-1/"), request.Source);
        Assert.Equal(["day-1/manifest.json", "day-1/words.txt"], request.Drop!.Blobs.Select(b => b.Path).Order(StringComparer.Ordinal));
        Assert.Equal(pending.ETag, request.Drop.ETag);
        Assert.Equal(runId, DropScanner.RunId("letters", pending));
        Assert.NotEqual(runId, DropScanner.RunId("letters", uploadedAgain));
        Assert.NotEqual(runId, DropScanner.RunId("recon", pending));
        Assert.Equal(day2.Blob, (await DropScanner.LatestProcessedAsync(blobs, Folders, default))!.Blob);
    }

    [Fact]
    public void A_drops_run_id_is_the_same_whether_its_etag_comes_quoted_or_not()
    {
        var trigger = new BlobRef(Folders.Container, "day-1/manifest.json");

        Assert.Equal(DropScanner.RunId("letters", trigger, "0x8DD1"), DropScanner.RunId("letters", trigger, "\"0x8DD1\""));
        Assert.NotEqual(DropScanner.RunId("letters", trigger, "0x8DD1"), DropScanner.RunId("letters", trigger, "0x8DD2"));
    }

    private static Task<string> WriteAsync(InMemoryBlobStore blobs, string path, string text) =>
        blobs.WriteAsync(new BlobRef(Folders.Container, path), new MemoryStream(Encoding.UTF8.GetBytes(text)), default);
}
