using Tributary.Abstractions.Input;

namespace Tributary.Host.Client;

/// <summary>What `--host` may be: an http(s) URL, or `host:port` (taken as http), as a user types it.</summary>
public static class HostAddress
{
    private const string Examples = "e.g. http://127.0.0.1:7071, https://build-box:7071 or 127.0.0.1:7071";

    /// <summary>The address as an absolute http(s) URL without a trailing slash; an input error naming `--host` when it is not one.</summary>
    public static string Normalize(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim();
        if (text.Length == 0)
        {
            throw Refused("an address is required");
        }

        // Without a scheme, `127.0.0.1:7071` would parse as scheme `127.0.0.1`; `localhost:7071` as scheme `localhost`.
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Refused($"'{Shorten(text)}' is not a host address");
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw Refused($"'{Shorten(text)}' uses {uri.Scheme}; the host answers http or https");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Refused($"'{Shorten(text)}' has more than a scheme, host, port and path");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    private static InvalidInputException Refused(string problem) => new(new InputError("--host", 0, null, $"{problem}: {Examples}"));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
