using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Tributary.Storage.Emulators;

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

    /// <summary>Preload that makes an emulator exit when its parent process dies.</summary>
    public string ExitWithParentScript => Path.Combine(Root, "scripts", "exit-with-parent.js");

    /// <summary>True when both pinned emulators are installed.</summary>
    public bool Installed => File.Exists(AzuriteScript) && File.Exists(Path.Combine(Root, CosmosServerPackage));

    /// <summary>
    /// Finds the repository root by walking up from <paramref name="start"/> (default: this assembly's folder, then the
    /// current directory) to the first folder holding package.json and scripts/cosmos-server.js.
    /// The environment variable TRIBUTARY_REPO_ROOT overrides the search.
    /// </summary>
    public static EmulatorPackages Locate(string? start = null)
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

        throw new InvalidOperationException(
            $"Cannot find the Tributary repository root (package.json + scripts/cosmos-server.js) above {string.Join(" or ", starts)}. " +
            "Run from inside the repository or set TRIBUTARY_REPO_ROOT.");
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
