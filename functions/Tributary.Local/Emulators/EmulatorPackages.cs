using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Tributary.Local.Emulators;

/// <summary>
/// The repository folder that pins the emulators (package.json, package-lock.json) and their installed node_modules.
/// Installs them with <c>npm ci</c> when missing, so a fresh clone needs nothing but node and the .NET SDK.
/// </summary>
public sealed class EmulatorPackages
{
    private const string AzuriteEntry = "node_modules/azurite/dist/src/azurite.js";
    private const string CosmosServerPackage = "node_modules/@vercel/cosmosdb-server/package.json";

    private EmulatorPackages(string root) => Root = root;

    /// <summary>The repository root: the folder holding package.json and scripts/cosmos-server.js.</summary>
    public string Root { get; }

    /// <summary>Azurite's entry script.</summary>
    public string AzuriteScript => Path.Combine(Root, AzuriteEntry);

    /// <summary>The Cosmos server launcher that patches @vercel/cosmosdb-server for the .NET SDK.</summary>
    public string CosmosLauncherScript => Path.Combine(Root, "scripts", "cosmos-server.js");

    /// <summary>Preload that makes Azurite on disk save its metadata before each response (kill -9 loses no acknowledged write).</summary>
    public string AzuriteDurableScript => Path.Combine(Root, "scripts", "azurite-durable.js");

    /// <summary>Preload that spares Azurite the read-back and MD5 of each stored block when no client asked for one.</summary>
    public string AzuriteBlockHashScript => Path.Combine(Root, "scripts", "azurite-block-hash.js");

    /// <summary>Preload that makes Azurite on disk write bodies of 8 MiB and more past the page cache and smaller ones chunk by chunk as they arrive.</summary>
    public string AzuriteExtentWritesScript => Path.Combine(Root, "scripts", "azurite-extent-writes.js");

    /// <summary>Preload that makes Azurite's blob lookups use their selective index (a put or read among N blobs cost O(N)).</summary>
    public string AzuriteLookupsScript => Path.Combine(Root, "scripts", "azurite-lookups.js");

    /// <summary>Preload that makes an emulator exit when its parent process dies.</summary>
    public string ExitWithParentScript => Path.Combine(Root, "scripts", "exit-with-parent.js");

    /// <summary>True when both pinned emulators are installed.</summary>
    public bool Installed => File.Exists(AzuriteScript) && File.Exists(Path.Combine(Root, CosmosServerPackage));

    /// <summary>The folder beside the tool's assembly that holds its copy of the pins (package.json, package-lock.json, scripts/).</summary>
    public const string BundleFolder = "emulators";

    /// <summary>
    /// Finds the emulators' folder. Inside a checkout: the repository root, found by walking up from <paramref name="start"/>
    /// (default: this assembly's folder, then the current directory) to the first folder holding package.json and
    /// scripts/cosmos-server.js. Outside one (the .NET tool): the pins the tool carries in <paramref name="bundle"/> (default
    /// `emulators/` beside its assembly), copied into a cache folder of their own (`$XDG_CACHE_HOME/tributary/emulators/{hash}`,
    /// default `~/.cache/…`), where <see cref="EnsureInstalledAsync"/> installs them. TRIBUTARY_REPO_ROOT overrides the search.
    /// </summary>
    public static EmulatorPackages Locate(string? start = null, string? bundle = null, string? cache = null)
    {
        var overridden = Environment.GetEnvironmentVariable("TRIBUTARY_REPO_ROOT");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return IsRoot(overridden)
                ? new EmulatorPackages(Path.GetFullPath(overridden))
                : throw new InvalidOperationException($"TRIBUTARY_REPO_ROOT={overridden} holds no package.json with scripts/cosmos-server.js.");
        }

        var starts = start is null ? new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() } : new[] { start };
        foreach (var candidateStart in starts)
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(candidateStart)); folder is not null; folder = folder.Parent)
            {
                if (IsRoot(folder.FullName))
                {
                    return new EmulatorPackages(folder.FullName);
                }
            }
        }

        var bundled = bundle ?? Path.Combine(AppContext.BaseDirectory, BundleFolder);
        if (IsRoot(bundled))
        {
            return FromBundle(bundled, cache ?? CacheFolder());
        }

        throw new InvalidOperationException(
            $"Cannot find the emulators: no Tributary repository (package.json + scripts/cosmos-server.js) above {string.Join(" or ", starts)}, " +
            $"and no copy of the pins in {bundled}. Run from inside the repository, set TRIBUTARY_REPO_ROOT, or install the tool from a package " +
            "built with `dotnet pack functions/Tributary.Host`.");
    }

    /// <summary>Where the tool keeps its installed emulators: `$XDG_CACHE_HOME/tributary` (default `~/.cache/tributary`); on Windows the local application data.</summary>
    public static string CacheFolder() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "tributary", "cache")
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "tributary");

    // The pins go to a folder named by the lock file's hash: another tool version with other pins installs beside it, and the
    // same pins are installed once. Files that differ (a damaged copy) are written again.
    private static EmulatorPackages FromBundle(string bundle, string cache)
    {
        var lockFile = Path.Combine(bundle, "package-lock.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.Exists(lockFile) ? File.ReadAllBytes(lockFile) : File.ReadAllBytes(Path.Combine(bundle, "package.json"))))[..12];
        var root = Path.Combine(cache, "emulators", hash);
        foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(bundle, file));
            if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }

        return new EmulatorPackages(root);
    }

    /// <summary>Runs <c>npm ci</c> in the root unless the emulators are installed; serialised across processes by a lock file.</summary>
    public async Task EnsureInstalledAsync(TextWriter? log, CancellationToken cancellationToken)
    {
        if (Installed)
        {
            return;
        }

        // Test projects run in parallel processes; two concurrent `npm ci` runs in one folder corrupt node_modules.
        var lockPath = Path.Combine(Path.GetTempPath(), $"tributary-npm-{RootHash()}.lock");
        await using var installLock = await AcquireLockAsync(lockPath, cancellationToken);
        if (Installed)
        {
            return;
        }

        log?.WriteLine($"Installing the pinned emulators with npm ci in {Root} ...");
        var npm = new ProcessStartInfo("npm")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(argument);
        }

        using var process = StartOrExplain(npm, "npm (Node.js 20 or newer)");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !Installed)
        {
            throw new InvalidOperationException($"npm ci failed in {Root} (exit {process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
        }
    }

    /// <summary>Starts a process, turning "executable not found" into a message that says what to install.</summary>
    internal static Process StartOrExplain(ProcessStartInfo startInfo, string what)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName}: {error.Message}. Install {what} and put it on PATH.", error);
        }
    }

    private static bool IsRoot(string folder) =>
        File.Exists(Path.Combine(folder, "package.json")) && File.Exists(Path.Combine(folder, "scripts", "cosmos-server.js"));

    private string RootHash() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..16];

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}
