using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Tributary.WebConsole;

/// <summary>
/// The console's files, read once from this assembly's embedded resources, and which file answers a request path: an asset
/// by its name, or the page (index.html) for the console's own paths, so links into it (`runs/{id}`) load and reload.
/// </summary>
public sealed class ConsoleAssets
{
    /// <summary>
    /// The console's Content-Security-Policy: its own files and its own API only, no inline script or style, no frames, no
    /// other origin. The JavaScript sets element styles through the DOM, which the policy allows.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where the page states the console's base path, replaced when it is served.</summary>
    public const string BasePlaceholder = "__BASE__";

    /// <summary>Where the page states the trace URL template (<c>{traceId}</c> in it), replaced when it is served.</summary>
    public const string TraceUrlPlaceholder = "__TRACE_URL__";

    /// <summary>Where the page states the host's own sign-in URL (Easy Auth's login), empty where the host has none.</summary>
    public const string SignInUrlPlaceholder = "__SIGN_IN_URL__";

    private const string Prefix = "console/";

    /// <summary>The first segment of every path the page answers (besides the root).</summary>
    private static readonly FrozenSet<string> PagePaths = new[] { "runs", "new", "drops", "health" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, ConsoleAsset> _files;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> files) => _files = files;

    /// <summary>The files embedded in this assembly.</summary>
    public static ConsoleAssets Embedded { get; } = Load();

    /// <summary>How many files there are.</summary>
    public int Count => _files.Count;

    /// <summary>
    /// The file for a path below the console's base (no leading '/'): an asset by name, the page for "" and the console's own
    /// paths, or null (a 404). <paramref name="basePath"/> (ending in '/'), <paramref name="traceUrl"/> and
    /// <paramref name="signInUrl"/> (the host's own sign-in, if any) are written into the page.
    /// </summary>
    public ConsoleAsset? Find(string path, string basePath, string? traceUrl, string? signInUrl = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(basePath);
        if (_files.TryGetValue(path, out var asset) && path != "index.html")
        {
            return asset;
        }

        var first = path.Split('/', 2)[0];
        return path.Length == 0 || PagePaths.Contains(first) ? Page(basePath, traceUrl, signInUrl) : null;
    }

    private ConsoleAsset Page(string basePath, string? traceUrl, string? signInUrl)
    {
        var index = _files["index.html"];
        var html = Encoding.UTF8.GetString(index.Content)
            .Replace(BasePlaceholder, Attribute(basePath), StringComparison.Ordinal)
            .Replace(TraceUrlPlaceholder, Attribute(traceUrl ?? ""), StringComparison.Ordinal)
            .Replace(SignInUrlPlaceholder, Attribute(signInUrl ?? ""), StringComparison.Ordinal);
        return ConsoleAsset.Of("index.html", Encoding.UTF8.GetBytes(html), cacheable: false);
    }

    private static string Attribute(string value) => System.Net.WebUtility.HtmlEncode(value);

    private static ConsoleAssets Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            // Resource names keep the folder separators MSBuild gave them; requests use '/'.
            var path = name[Prefix.Length..].Replace('\\', '/');
            files[path] = ConsoleAsset.Of(path, copy.ToArray(), cacheable: true);
        }

        return new ConsoleAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }
}

/// <summary>One file of the console: its bytes, media type and a strong ETag over the bytes.</summary>
public sealed record ConsoleAsset(string Path, byte[] Content, string ContentType, string ETag, bool Cacheable)
{
    /// <summary>The asset of these bytes, typed by the file's extension.</summary>
    public static ConsoleAsset Of(string path, byte[] content, bool cacheable) =>
        new(path, content, TypeOf(path), $"\"{Convert.ToHexStringLower(SHA256.HashData(content), 0, 16)}\"", cacheable);

    /// <summary>The Cache-Control value: assets are revalidated with their ETag; the page is never stored (it names the base).</summary>
    public string CacheControl => Cacheable ? "no-cache" : "no-store";

    /// <summary>The headers both hosts send with this file: the console's Content-Security-Policy, Cache-Control and the ETag.</summary>
    public IEnumerable<KeyValuePair<string, string>> ResponseHeaders =>
    [
        new("Content-Security-Policy", ConsoleAssets.ContentSecurityPolicy),
        new("Cache-Control", CacheControl),
        new("ETag", ETag),
    ];

    /// <summary>True when a request's If-None-Match values name this file's ETag: the answer is 304 with no body.</summary>
    public bool IsCurrent(IEnumerable<string?> ifNoneMatch) => ifNoneMatch.Contains(ETag, StringComparer.Ordinal);

    private static string TypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
