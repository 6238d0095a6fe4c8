namespace Tributary.Console.Tests.Support;

/// <summary>Debian's chromium, which scripts/test.sh installs when it is missing (Playwright cannot download a browser here).</summary>
internal static class Chromium
{
    /// <summary>The browser binary: $TRIBUTARY_CHROMIUM, else /usr/bin/chromium.</summary>
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("TRIBUTARY_CHROMIUM") ?? "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} does not exist: install Debian's package `chromium` (apt-get install chromium), or run scripts/test.sh, which does");
        }
    }
}
