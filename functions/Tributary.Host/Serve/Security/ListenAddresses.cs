using System.Net;

namespace Tributary.Host.Serve.Security;

/// <summary>Tells loopback listen addresses from ones that expose the API to the network.</summary>
public static class ListenAddresses
{
    /// <summary>The entries of a `;`-separated `--urls` value that bind beyond loopback (`0.0.0.0`, `[::]`, `*`, `+`, a LAN IP or name).</summary>
    public static IReadOnlyList<string> NonLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopback(u)).ToList();

    /// <summary>The refusal `serve` prints when <see cref="NonLoopback"/> is not empty and it is not allowed; null when there is nothing to refuse.</summary>
    public static string? Refusal(string urls, bool allowNonLoopback)
    {
        var exposed = NonLoopback(urls);
        return exposed.Count == 0 || allowNonLoopback
            ? null
            : $"refusing to listen on {string.Join(", ", exposed)}: that is reachable from the network, and the API has no authentication, " +
              "so anyone on the network could start, terminate and purge runs. Listen on loopback (http://127.0.0.1:7071), or set " +
              "Tributary:Security:AllowNonLoopback=true (environment Tributary__Security__AllowNonLoopback=true) to accept that, together with " +
              "Tributary:Security:AllowedHosts for the names clients use.";
    }

    /// <summary>Whether one URL binds loopback only; what Kestrel cannot read as loopback counts as exposed.</summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        rest = rest.Split('/', 2)[0];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            host = close < 0 ? rest : rest[1..close];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
        }

        // Kestrel binds "localhost" to both loopback addresses and any other name to every interface.
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
