using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Functions.Drops;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Tests.Drops;

/// <summary>The blob triggers hand the event's blob to core's intake: only a pending trigger file that still exists starts a run.</summary>
public sealed class DropTriggersTests : IAsyncLifetime
{
    private FunctionsHost _host = null!;
    private DropTriggers _triggers = null!;

    public async Task InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync();
        _triggers = new DropTriggers(_host.Runs, _host.Blobs, NullLogger<DropTriggers>.Instance);
        await _host.Blobs.EnsureContainerAsync("hpi-drop", default);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_event_for_a_deleted_trigger_blob_starts_nothing()
    {
        await _triggers.HpiDrop(Blob("hpi-drop", "day-1/manifest.json"), _host.Client, default);

        Assert.Empty(await RunsAsync());
    }

    [Fact]
    public async Task A_data_file_of_a_drop_starts_nothing_and_is_left_unmarked()
    {
        var data = new BlobRef("hpi-drop", "day-1/sales.csv");
        await _host.Blobs.WriteAsync(data, new MemoryStream(Encoding.UTF8.GetBytes("a,b\n")), default);

        await _triggers.HpiDrop(Blob(data.Container, data.Path), _host.Client, default);

        Assert.Empty(await RunsAsync());
        Assert.False((await _host.Blobs.GetInfoAsync(data, default))!.Metadata.ContainsKey(DropScanner.ProcessedKey));
    }

    [Fact]
    public async Task The_trigger_file_starts_one_run_however_often_its_event_arrives()
    {
        var manifest = new BlobRef("hpi-drop", "day-2/manifest.json");
        await _host.Blobs.WriteAsync(manifest, new MemoryStream(Encoding.UTF8.GetBytes("{}")), default);

        await _triggers.HpiDrop(Blob(manifest.Container, manifest.Path), _host.Client, default);
        await _triggers.HpiDrop(Blob(manifest.Container, manifest.Path), _host.Client, default);

        // The id is the drop's content hash; the run itself may already have quarantined this empty manifest.
        var run = Assert.Single(await RunsAsync());
        Assert.Equal(DropScanner.RunIdOfHashes("hpi", [(manifest, System.Security.Cryptography.SHA256.HashData("{}"u8))]), run.Id);
    }

    // What the Event Grid blob trigger binds: a client for the blob named in the event (no call is made through it).
    private static BlobClient Blob(string container, string path) => new(new Uri($"https://account.blob.core.windows.net/{container}/{path}"));

    private async Task<IReadOnlyList<RunStatusView>> RunsAsync()
    {
        var page = await _host.Runs.For(_host.Client).ListAsync(new RunListFilter(null, null, null, null, 100, null), default);
        return page.Match(p => p.Items, _ => throw new InvalidOperationException(), (_, _) => throw new InvalidOperationException(), _ => throw new InvalidOperationException());
    }
}
