using System.Diagnostics;
using System.Globalization;
using Tributary.Storage.Cosmos;
using Tributary.Storage.StorageAccount;

namespace Tributary.Local.Emulators;

/// <summary>
/// Azurite and the patched Cosmos DB server as child processes on free loopback ports, each with its own temp data
/// folder, stopped (process tree killed) on dispose. Tests and the host's demo command both start their emulators
/// here, so nothing ever depends on a server someone started by hand. Installs the pinned npm packages when missing.
/// </summary>
public sealed class LocalEmulators : IAsyncDisposable, IDisposable
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string StorageAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string StorageAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Cosmos DB emulator's well-known key, which the local server accepts (public; not a secret).</summary>
    public const string CosmosAccountKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private const string CosmosReadyPrefix = "cosmos-server listening on ";
    private const int AzuriteAttempts = 3;
    private const string TempPrefix = "tributary-emulators-";
    private const int CosmosConventionalPort = 8081;
    private const string PidsFile = "emulators.pids";
    private static readonly int[] AzuriteConventionalPorts = [10000, 10001, 10002];

    private readonly List<EmulatorProcess> _processes = [];
    private readonly bool _ownsDataDirectory;
    private int _disposed;

    private LocalEmulators(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>Folder under which the emulators keep their data.</summary>
    public string DataDirectory { get; }

    /// <summary>Azurite blob endpoint (http://127.0.0.1:port/devstoreaccount1), null when storage was not started.</summary>
    public Uri? BlobEndpoint { get; private set; }

    /// <summary>Azurite queue endpoint, null when storage was not started.</summary>
    public Uri? QueueEndpoint { get; private set; }

    /// <summary>Azurite table endpoint, null when storage was not started.</summary>
    public Uri? TableEndpoint { get; private set; }

    /// <summary>Cosmos server endpoint (https://127.0.0.1:port/), null when Cosmos was not started.</summary>
    public Uri? CosmosEndpoint { get; private set; }

    /// <summary>The emulators' endpoints, as written to <see cref="LocalEmulatorOptions.EndpointsFile"/>.</summary>
    public LocalData.LocalEndpoints Endpoints => new()
    {
        Blob = BlobEndpoint,
        Queue = QueueEndpoint,
        Table = TableEndpoint,
        Cosmos = CosmosEndpoint,
    };

    /// <summary>Process ids of the running emulators (for diagnostics and for tests that check cleanup).</summary>
    public IReadOnlyList<int> ProcessIds => _processes.Select(p => p.Id).ToList();

    /// <summary>Storage connection string with explicit blob, queue and table endpoints.</summary>
    public string StorageConnectionString => BlobEndpoint is null
        ? throw new InvalidOperationException("Azurite was not started (LocalEmulatorOptions.Storage = false).")
        : $"DefaultEndpointsProtocol=http;AccountName={StorageAccountName};AccountKey={StorageAccountKey};" +
          $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>Cosmos connection string (endpoint + the well-known emulator key).</summary>
    public string CosmosConnectionString => CosmosEndpoint is null
        ? throw new InvalidOperationException("The Cosmos server was not started (LocalEmulatorOptions.Cosmos = false).")
        : $"AccountEndpoint={CosmosEndpoint};AccountKey={CosmosAccountKey};";

    /// <summary>Settings that point the Cosmos adapters at the local server.</summary>
    public CosmosSettings CosmosSettings => new() { ConnectionString = CosmosConnectionString };

    /// <summary>Settings that point the Blob and queue adapters at Azurite.</summary>
    public StorageSettings StorageSettings => new() { ConnectionString = StorageConnectionString };

    /// <summary>Starts the requested emulators concurrently and returns once each answers on its ports.</summary>
    public static async Task<LocalEmulators> StartAsync(LocalEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalEmulatorOptions();
        var packages = EmulatorPackages.Locate(options.RepositoryRoot);
        await packages.EnsureInstalledAsync(options.Log, cancellationToken);

        var owns = options.DataDirectory is null;
        if (owns)
        {
            SweepOrphanedDataDirectories();
        }

        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"{TempPrefix}{Environment.ProcessId}-{Stopwatch.GetTimestamp():x}");
        Directory.CreateDirectory(dataDirectory);
        if (!owns)
        {
            StopLeftoverEmulators(dataDirectory, options.Log);
        }

        var emulators = new LocalEmulators(dataDirectory, owns);
        try
        {
            var storage = options.Storage ? emulators.StartAzuriteAsync(packages, options, cancellationToken) : Task.CompletedTask;
            var cosmos = options.Cosmos ? emulators.StartCosmosAsync(packages, options, cancellationToken) : Task.CompletedTask;
            await Task.WhenAll(storage, cosmos);
            if (!owns)
            {
                File.WriteAllLines(Path.Combine(dataDirectory, PidsFile), emulators.ProcessIds.Select(pid => pid.ToString(CultureInfo.InvariantCulture)));
            }

            if (options.EndpointsFile is { } endpointsFile)
            {
                emulators.Endpoints.Write(endpointsFile);
            }

            return emulators;
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Deletes temp folders left by owners that died without disposing (their emulators exit on their own, through
    /// exit-with-parent.js, but cannot delete the folder). A folder whose owner pid still runs is left alone.
    /// </summary>
    private static void SweepOrphanedDataDirectories()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), TempPrefix + "*"))
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', TempPrefix.Length);
            if (dash < 0 || !int.TryParse(name.AsSpan(TempPrefix.Length, dash - TempPrefix.Length), out var ownerPid) || IsRunning(ownerPid))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Waits for (then kills) emulators that a dead owner left running on this folder. They exit by themselves once
    /// their owner's pipe closes, but a new owner that started at once would otherwise share the journal or Azurite's
    /// files with a dying server for a moment. Only processes whose command line names this folder are touched.
    /// </summary>
    private static void StopLeftoverEmulators(string dataDirectory, TextWriter? log)
    {
        var path = Path.Combine(dataDirectory, PidsFile);
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !IsEmulatorOf(pid, dataDirectory))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                if (!process.WaitForExit(5_000))
                {
                    log?.WriteLine($"Stopping emulator pid {pid}, left running on {dataDirectory} by a previous host.");
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5_000);
                }
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
            catch (InvalidOperationException)
            {
            }
        }

        File.Delete(path);
    }

    private static bool IsEmulatorOf(int pid, string dataDirectory)
    {
        try
        {
            // NUL-separated arguments; Azurite's --location and the Cosmos server's --data-dir lie under the folder.
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(dataDirectory, StringComparison.Ordinal);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // No /proc (not Linux) or no such process: only a running node process can be one of ours.
            try
            {
                using var process = Process.GetProcessById(pid);
                return !OperatingSystem.IsLinux() && process.ProcessName.StartsWith("node", StringComparison.OrdinalIgnoreCase);
            }
            catch (ArgumentException)
            {
                return false;
            }
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
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task StartAzuriteAsync(EmulatorPackages packages, LocalEmulatorOptions options, CancellationToken cancellationToken)
    {
        var location = Path.Combine(DataDirectory, "azurite");
        Directory.CreateDirectory(location);
        for (var attempt = 1; ; attempt++)
        {
            // Azurite cannot report ports it chose itself, so we pick free ones; another process may grab one
            // between our probe and Azurite's bind, hence the retry with fresh (random) ports.
            var ports = options.Ports == EmulatorPorts.ConventionalIfFree && attempt == 1
                ? AzuriteConventionalPorts.Select(port => ConventionalOrFree(port, options.Log)).ToArray()
                : [LoopbackPorts.PickFree(), LoopbackPorts.PickFree(), LoopbackPorts.PickFree()];
            var arguments = new List<string>
            {
                "--silent",
                "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Without it the current SDKs fail with "API version … not supported" (../shared/emulators.md).
                "--skipApiVersionCheck", "--disableTelemetry",
            };
            // Azurite refuses --location together with --inMemoryPersistence; in memory, the folder is only its working directory.
            arguments.AddRange(options.StorageInMemory ? ["--inMemoryPersistence"] : ["--location", location]);

            var process = EmulatorProcess.StartNode(
                "Azurite", packages, packages.AzuriteScript, arguments, location, preloads: options.StorageInMemory
                    ? [packages.AzuriteBlockHashScript, packages.AzuriteLookupsScript]
                    : [packages.AzuriteExtentWritesScript, packages.AzuriteBlockHashScript, packages.AzuriteDurableScript, packages.AzuriteLookupsScript],
                environment: AzuriteEnvironment(options));
            try
            {
                await process.WaitForPortsAsync(ports, options.StartTimeout, cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < AzuriteAttempts && process.HasExited)
            {
                process.Dispose();
                continue;
            }
            catch
            {
                process.Dispose();
                throw;
            }

            lock (_processes)
            {
                _processes.Add(process);
            }

            BlobEndpoint = new Uri($"http://127.0.0.1:{ports[0]}/{StorageAccountName}");
            QueueEndpoint = new Uri($"http://127.0.0.1:{ports[1]}/{StorageAccountName}");
            TableEndpoint = new Uri($"http://127.0.0.1:{ports[2]}/{StorageAccountName}");
            options.Log?.WriteLine($"Azurite (pid {process.Id}) blobs {BlobEndpoint}, queues {QueueEndpoint}, tables {TableEndpoint}" +
                (options.StorageInMemory ? " in memory" : $" on disk in {location}"));
            return;
        }
    }

    private static Dictionary<string, string> AzuriteEnvironment(LocalEmulatorOptions options)
    {
        var environment = new Dictionary<string, string>();
        if (options.AzuriteCompactBytes is { } compactBytes)
        {
            environment["TRIBUTARY_AZURITE_COMPACT_BYTES"] = compactBytes.ToString(CultureInfo.InvariantCulture);
        }

        if (options.AzuriteDirectMinBytes is { } directMinBytes)
        {
            environment["TRIBUTARY_AZURITE_DIRECT_MIN_BYTES"] = directMinBytes.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static int ConventionalOrFree(int port, TextWriter? log)
    {
        if (LoopbackPorts.IsFree(port))
        {
            return port;
        }

        var free = LoopbackPorts.PickFree();
        log?.WriteLine($"Port {port} is taken; Azurite uses {free} instead.");
        return free;
    }

    private async Task StartCosmosAsync(EmulatorPackages packages, LocalEmulatorOptions options, CancellationToken cancellationToken)
    {
        // In memory the folder only gives the server a private working directory; otherwise it holds the journal.
        var workingDirectory = Path.Combine(DataDirectory, "cosmos");
        Directory.CreateDirectory(workingDirectory);
        var conventional = options.Ports == EmulatorPorts.ConventionalIfFree;
        var arguments = new List<string> { "--host", "127.0.0.1" };
        // The server itself falls back to a free port when 8081 is taken, so there is no probe-then-bind race.
        arguments.AddRange(conventional ? ["--port", CosmosConventionalPort.ToString(CultureInfo.InvariantCulture), "--any-port-if-taken"] : ["--port", "0"]);
        if (!options.CosmosKeepAlive)
        {
            arguments.Add("--connection-close");
        }

        if (!options.CosmosInMemory)
        {
            arguments.AddRange(["--data-dir", workingDirectory]);
            if (options.CosmosCompactBytes is { } compactBytes)
            {
                arguments.AddRange(["--compact-bytes", compactBytes.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        var process = EmulatorProcess.StartNode(
            "Cosmos server", packages, packages.CosmosLauncherScript, arguments, workingDirectory,
            line => line.StartsWith(CosmosReadyPrefix, StringComparison.Ordinal));
        lock (_processes)
        {
            _processes.Add(process);
        }

        var ready = await process.WaitForReadyLineAsync(options.StartTimeout, cancellationToken);
        CosmosEndpoint = new Uri(ready[CosmosReadyPrefix.Length..].Trim() + "/");
        if (conventional && CosmosEndpoint.Port != CosmosConventionalPort)
        {
            options.Log?.WriteLine($"Port {CosmosConventionalPort} is taken; the Cosmos server uses {CosmosEndpoint.Port} instead.");
        }

        options.Log?.WriteLine($"Cosmos server (pid {process.Id}) {CosmosEndpoint}" + (options.CosmosInMemory ? " in memory" : $" journaling to {workingDirectory}"));
    }

    /// <summary>Kills the emulators' process trees and deletes the temp data folder (when it created it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        lock (_processes)
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }

            _processes.Clear();
        }

        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying process; the folder is under the temp root, so leaving it is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
