using System.Net;

namespace Tributary.Host.Serve.Security;

/// <summary>Tells loopback listen addresses from ones that expose the API to the network.</summary>
public static class ListenAddresses
{
    /// <summary>The entries of a `;`-separated `--urls` value that bind beyond loopback (`0.0.0.0`, `[::]`, `*`, `+`, a LAN IP or name).</summary>
    public static IReadOnlyList<string> NonLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopback(u)).ToList();

    /// <summary>
    /// The refusal `serve` prints when <see cref="NonLoopback"/> is not empty and no credentials are configured (the generated
    /// local key alone is not enough: it is an admin key in a file); null when there is nothing to refuse.
    /// </summary>
    public static string? Refusal(string urls, bool hasConfiguredCredentials)
    {
        var exposed = NonLoopback(urls);
        return exposed.Count == 0 || hasConfiguredCredentials
            ? null
            : $"refusing to listen on {string.Join(", ", exposed)}: that is reachable from the network, and only the generated local admin key " +
              "protects this host. Configure credentials first: API keys with roles (Tributary:Security:ApiKeys:0:Name, :Hash and :Roles; " +
              "`tributary keys new --name NAME --roles operator` prints a key and its hash) or OpenID Connect bearer tokens " +
              "(Tributary:Security:Oidc:Authority and :Audience), and Tributary:Security:AllowedHosts for the names clients use. " +
              "Or listen on loopback (http://127.0.0.1:7071).";
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
