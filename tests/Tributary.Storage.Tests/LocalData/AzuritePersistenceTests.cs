using System.Diagnostics;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>Azurite with <c>--location</c> in the data directory keeps its blobs across a kill -9.</summary>
public sealed class AzuritePersistenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-azurite-").FullName;

    [Fact]
    public async Task A_blob_written_before_kill_9_is_there_after_a_restart()
    {
        var options = new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = _folder, StartTimeout = TimeSpan.FromSeconds(90) };
        var first = await LocalEmulators.StartAsync(options);
        var container = first.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("kept");
        await container.CreateAsync();
        await container.UploadBlobAsync("a.txt", BinaryData.FromString("survives kill -9"));
        using (var process = Process.GetProcessById(Assert.Single(first.ProcessIds)))
        {
            process.Kill();
            process.WaitForExit();
        }

        first.Dispose();
        await using var second = await LocalEmulators.StartAsync(options);
        var blob = second.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("kept").GetBlobClient("a.txt");
        Assert.Equal("survives kill -9", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
