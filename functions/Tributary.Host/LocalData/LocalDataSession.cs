using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Tributary.Host.Cli;
using Tributary.Host.Serve;
using Tributary.Local.Emulators;
using Tributary.Local.LocalData;

namespace Tributary.Host.LocalData;

/// <summary>
/// What `serve` and `demo` do with the data directory: when they start the local emulators, lock the folder, keep the
/// emulators' data in it and publish the endpoints to its endpoints.json; with --in-memory or configured Azure
/// resources, leave it untouched (Azure keeps the data, and several hosts may share one account).
/// </summary>
public sealed class LocalDataSession : IDisposable
{
    private readonly DataDirectoryLock? _lock;

    private LocalDataSession(DataDirectory? directory, DataDirectoryLock? held, LocalEmulatorOptions? emulators)
    {
        Directory = directory;
        _lock = held;
        Emulators = emulators;
    }

    /// <summary>The locked data directory, or null when this host keeps nothing locally.</summary>
    public DataDirectory? Directory { get; }

    /// <summary>Emulator options for <see cref="BackendFactory.CreateAsync"/>; null when no emulators start.</summary>
    public LocalEmulatorOptions? Emulators { get; }

    /// <summary>`--data DIR`, shared by serve, demo and the client verbs.</summary>
    public static Option<string?> DataOption(string what) => new("--data")
    {
        Description = $"{what} Default: $XDG_DATA_HOME/tributary, else ~/.local/share/tributary.",
    };

    /// <summary>`--emulator-ports`: the conventional ports when free (default), or random ones (what tests use).</summary>
    public static Option<EmulatorPorts> PortsOption() => new("--emulator-ports")
    {
        Description = "Ports of the emulators this host starts: ConventionalIfFree (Azurite 10000-10002, Cosmos 8081, each " +
            "replaced by a free port when taken; default) or Random (free ports, for tests running side by side).",
        DefaultValueFactory = _ => EmulatorPorts.ConventionalIfFree,
    };

    /// <summary>The data directory `--data` names, or the per-user default.</summary>
    public static DataDirectory Resolve(string? data) => data is null ? DataDirectory.Default() : new DataDirectory(data);

    /// <summary>
    /// Locks the data directory when this host will start the local emulators (not in memory, no Azure configured);
    /// throws <see cref="DataDirectoryLockedException"/> when another process holds it.
    /// </summary>
    public static LocalDataSession Open(IConfiguration configuration, bool inMemory, string? data, EmulatorPorts ports, TextWriter log)
    {
        if (inMemory || !BackendFactory.StartsLocalEmulators(configuration))
        {
            return new LocalDataSession(null, null, null);
        }

        var directory = Resolve(data);
        var held = directory.Lock();
        log.WriteLine($"data: {directory.Root} (pass --data DIR for another folder, --in-memory for none)");
        return new LocalDataSession(directory, held, directory.EmulatorOptions() with { Ports = ports });
    }

    /// <summary>
    /// <see cref="Open"/> for a verb: when another process holds the data directory, says so on standard error and returns
    /// null, and the verb exits with <see cref="CliAction.EnvironmentFailure"/>.
    /// </summary>
    public static LocalDataSession? OpenForVerb(IConfiguration configuration, bool inMemory, string? data, EmulatorPorts ports)
    {
        try
        {
            return Open(configuration, inMemory, data, ports, Console.Error);
        }
        catch (DataDirectoryLockedException e)
        {
            CliAction.Error(e.Message);
            return null;
        }
    }

    /// <summary>Adds the host's API address to endpoints.json, which the emulators' start wrote.</summary>
    public void PublishApi(string address)
    {
        if (Directory is null)
        {
            return;
        }

        var endpoints = LocalEndpoints.TryRead(Directory.EndpointsFile) ?? new LocalEndpoints();
        (endpoints with { Api = new Uri(address) }).Write(Directory.EndpointsFile);
    }

    /// <summary>Removes endpoints.json (nothing answers there any more) and releases the lock.</summary>
    public void Dispose()
    {
        if (Directory is not null)
        {
            File.Delete(Directory.EndpointsFile);
        }

        _lock?.Dispose();
    }
}
