using Tributary.Local.Emulators;

namespace Tributary.Local.LocalData;

/// <summary>
/// The folder where a self-hosted Tributary keeps everything that must survive a restart: Azurite's files, the Cosmos
/// server's journal, the endpoints of the running host, its lock and (reserved) its admin key. One type names every
/// path so that serve, demo and the client verbs agree on them.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>Creates the handle; the folder is created by <see cref="Lock"/>, not here, so a client only reads.</summary>
    public DataDirectory(string root) =>
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(root) ? throw new ArgumentException("the data directory must be a path", nameof(root)) : root);

    /// <summary>The folder itself, absolute.</summary>
    public string Root { get; }

    /// <summary>Azurite's <c>--location</c>: blobs, queues and tables.</summary>
    public string Azurite => Path.Combine(Root, "azurite");

    /// <summary>The Cosmos server's <c>--data-dir</c>: its journal.</summary>
    public string Cosmos => Path.Combine(Root, "cosmos");

    /// <summary>Where the running host's endpoints are written (<see cref="LocalEndpoints"/>), for the client verbs.</summary>
    public string EndpointsFile => Path.Combine(Root, "endpoints.json");

    /// <summary>The lock that keeps a second host off this folder (<see cref="DataDirectoryLock"/>).</summary>
    public string LockFile => Path.Combine(Root, "lock");

    /// <summary>Reserved for the host's admin key (written by the authentication feature, not here).</summary>
    public string AdminKeyFile => Path.Combine(Root, "admin.key");

    /// <summary>
    /// The per-user default: <c>$XDG_DATA_HOME/tributary</c>, else <c>~/.local/share/tributary</c> (on Windows the
    /// local application data folder), following the XDG base-directory convention for user data.
    /// </summary>
    public static DataDirectory Default(Func<string, string?>? environment = null) => new(DefaultPath(environment ?? Environment.GetEnvironmentVariable));

    /// <summary>The path <see cref="Default"/> uses, from the given environment lookup.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "tributary");
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "tributary");
        }

        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".local", "share", "tributary");
    }

    /// <summary>Creates the folder and takes its exclusive lock; throws <see cref="DataDirectoryLockedException"/> when another process holds it.</summary>
    public DataDirectoryLock Lock()
    {
        Directory.CreateDirectory(Root);
        return DataDirectoryLock.Acquire(LockFile);
    }

    /// <summary>
    /// Emulator options that keep their data here: Azurite on disk in <see cref="Azurite"/>, the Cosmos journal in
    /// <see cref="Cosmos"/>, the conventional ports when free, and the endpoints written to <see cref="EndpointsFile"/>.
    /// </summary>
    public LocalEmulatorOptions EmulatorOptions(TextWriter? log = null) => new()
    {
        DataDirectory = Root,
        StorageInMemory = false,
        CosmosInMemory = false,
        Ports = EmulatorPorts.ConventionalIfFree,
        EndpointsFile = EndpointsFile,
        Log = log,
    };

    /// <inheritdoc />
    public override string ToString() => Root;
}
