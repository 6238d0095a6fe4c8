using Tributary.Local.LocalData;

namespace Tributary.Storage.Tests.LocalData;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-data-").FullName;

    [Fact]
    public void The_default_follows_xdg_and_ignores_a_relative_xdg_data_home()
    {
        Assert.Equal("/x/data/tributary", DataDirectory.DefaultPath(name => name == "XDG_DATA_HOME" ? "/x/data" : "/home/u"));
        Assert.Equal("/home/u/.local/share/tributary", DataDirectory.DefaultPath(name => name == "XDG_DATA_HOME" ? "rel" : "/home/u"));
        Assert.Equal("/home/u/.local/share/tributary", DataDirectory.DefaultPath(name => name == "HOME" ? "/home/u" : null));
        var directory = new DataDirectory(_folder);
        Assert.Equal(Path.Combine(_folder, "azurite"), directory.Azurite);
        Assert.Equal(Path.Combine(_folder, "cosmos"), directory.Cosmos);
        Assert.Equal(Path.Combine(_folder, "endpoints.json"), directory.EndpointsFile);
        Assert.Equal(Path.Combine(_folder, "admin.key"), directory.AdminKeyFile);
    }

    [Fact]
    public void A_second_lock_fails_naming_the_holder_and_succeeds_once_it_is_released()
    {
        var directory = new DataDirectory(Path.Combine(_folder, "nested"));
        var held = directory.Lock();
        var refused = Assert.Throws<DataDirectoryLockedException>(directory.Lock);
        Assert.Equal(Environment.ProcessId, refused.HolderPid);
        Assert.Contains($"in use by another tributary process (pid {Environment.ProcessId})", refused.Message);
        Assert.Contains("--data", refused.Message);

        held.Dispose();
        directory.Lock().Dispose();

        // Readable by anyone once released (and, on Unix, by tools that do not flock, like cat, while held).
        Assert.Equal($"{Environment.ProcessId}", File.ReadAllText(directory.LockFile).Trim());
    }

    [Fact]
    public void Endpoints_round_trip_through_endpoints_json_and_a_broken_file_reads_as_none()
    {
        var directory = new DataDirectory(_folder);
        new LocalEndpoints { Blob = new Uri("http://127.0.0.1:10000/devstoreaccount1"), Cosmos = new Uri("https://127.0.0.1:8081/"), Api = new Uri("http://127.0.0.1:7071") }
            .Write(directory.EndpointsFile);

        var read = LocalEndpoints.TryRead(directory.EndpointsFile)!;
        Assert.Equal(new Uri("http://127.0.0.1:7071"), read.Api);
        Assert.Equal(new Uri("https://127.0.0.1:8081/"), read.Cosmos);
        Assert.Equal(Environment.ProcessId, read.Pid);
        Assert.Null(read.Queue);

        File.WriteAllText(directory.EndpointsFile, "{ not json");
        Assert.Null(LocalEndpoints.TryRead(directory.EndpointsFile));
        Assert.Null(LocalEndpoints.TryRead(Path.Combine(_folder, "missing.json")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
