namespace Tributary.Host.Serve.Security;

/// <summary>
/// The local default credential: one admin key made at first start, the single line of `&lt;data directory&gt;/admin.key`,
/// readable by its owner only (0600). The CLI reads it from there; later starts reuse it.
/// </summary>
public static class LocalAdminKey
{
    /// <summary>The settings with the local key in use when nothing else is configured; configured credentials leave it unused.</summary>
    public static SecuritySettings ApplyDefault(SecuritySettings settings, string path, TextWriter log) =>
        settings.HasConfiguredCredentials ? settings : settings.WithLocalKey(Ensure(path, log), Path.GetFullPath(path));

    /// <summary>The key in the file, creating the file with a new key when there is none; tightens a readable file to 0600.</summary>
    public static string Ensure(string path, TextWriter log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (TryRead(path) is { } existing)
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                log.WriteLine($"auth: {path} was readable by others; it is now 0600");
            }

            log.WriteLine($"auth: local admin key in {path} (send it as X-Api-Key)");
            return existing;
        }

        var key = Pipeline.Access.ApiKey.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600, never widened for a moment: a chmod after the write would leave a window.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(new FileStream(path, options));
            writer.WriteLine(key);
        }
        catch (IOException) when (TryRead(path) is { } raced)
        {
            // Another process made it first: use its key.
            return raced;
        }

        log.WriteLine($"auth: created a local admin key in {path} (0600); the CLI reads it from there, other clients send it as X-Api-Key");
        return key;
    }

    /// <summary>The key in the file, or null when the file is missing or empty.</summary>
    public static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(line) ? null : line;
    }
}
