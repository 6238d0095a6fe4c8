using System.Diagnostics;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests;

public sealed class LocalEmulatorsTests
{
    [Fact]
    public async Task Dispose_kills_the_emulators_and_removes_their_data_folder()
    {
        // Left by an owner that died (no such pid) and by a live owner (this process): only the first is swept.
        var orphaned = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tributary-emulators-999999999-orphan")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"tributary-emulators-{Environment.ProcessId}-live")).FullName;

        var emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { StartTimeout = TimeSpan.FromSeconds(90) });
        Assert.False(Directory.Exists(orphaned));
        Assert.True(Directory.Exists(live));
        Directory.Delete(live);
        var pids = emulators.ProcessIds;
        var folder = emulators.DataDirectory;
        Assert.Equal(2, pids.Count);
        Assert.True(emulators.BlobEndpoint!.IsLoopback);
        Assert.True(emulators.CosmosEndpoint!.IsLoopback);
        Assert.True(await LoopbackAccepts(emulators.CosmosEndpoint.Port));
        Assert.True(await LoopbackAccepts(emulators.BlobEndpoint.Port));
        // Both run with the heap growth that keeps V8 from a full mark-compact every ~120 ms under block uploads.
        Assert.All(pids, pid => Assert.Contains("--heap-growing-percent=300", File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')));

        await emulators.DisposeAsync();

        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} still runs"));
        Assert.False(Directory.Exists(folder));
        Assert.False(await LoopbackAccepts(emulators.CosmosEndpoint.Port));
    }

    [Fact]
    public async Task Storage_on_disk_in_a_given_folder_keeps_its_data_there_after_dispose()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-kept-").FullName;
        try
        {
            var options = new LocalEmulatorOptions { Cosmos = false, StorageInMemory = false, DataDirectory = folder };
            await using (var emulators = await LocalEmulators.StartAsync(options))
            {
                Assert.Single(emulators.ProcessIds);
                Assert.Null(emulators.CosmosEndpoint);
                Assert.Throws<InvalidOperationException>(() => emulators.CosmosConnectionString);
                var container = emulators.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("kept");
                await container.CreateAsync();
                await container.UploadBlobAsync("a.txt", BinaryData.FromString("kept on disk"));
            }

            Assert.True(Directory.Exists(folder));
            Assert.Contains(Directory.EnumerateFiles(Path.Combine(folder, "azurite"), "*", SearchOption.AllDirectories),
                file => File.ReadAllText(file).Contains("kept on disk"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> LoopbackAccepts(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
