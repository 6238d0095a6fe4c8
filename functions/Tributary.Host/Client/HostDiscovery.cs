using System.Net.Sockets;
using Tributary.Host.LocalData;
using Tributary.Local.LocalData;

namespace Tributary.Host.Client;

/// <summary>A host address and where it came from (for error messages).</summary>
public sealed record DiscoveredHost(string Address, string Source);

/// <summary>
/// Finds the running `tributary serve` for the client verbs: `--host` when given; else the API address in the data
/// directory's endpoints.json (a serve on a port other than 7071 is found without flags); else the default address.
/// </summary>
public static class HostDiscovery
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The first candidate that accepts a TCP connection. An explicit --host is returned unprobed, so its own error
    /// message (refused, timeout) reaches the user; when nothing discovered answers, the error lists what was tried.
    /// </summary>
    public static async Task<DiscoveredHost> ResolveAsync(string? host, string? data, CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            return new DiscoveredHost(HostAddress.Normalize(host), "--host");
        }

        var directory = LocalDataSession.Resolve(data);
        var candidates = new List<DiscoveredHost>();
        if (LocalEndpoints.TryRead(directory.EndpointsFile)?.Api is { } api)
        {
            candidates.Add(new DiscoveredHost(api.ToString().TrimEnd('/'), directory.EndpointsFile));
        }

        candidates.Add(new DiscoveredHost(PipelineClient.DefaultHost, "the default address"));
        foreach (var candidate in candidates)
        {
            if (await AnswersAsync(new Uri(candidate.Address), cancellationToken).ConfigureAwait(false))
            {
                return candidate;
            }
        }

        throw new PipelineClientException(
            $"no running host found: nothing answers at {string.Join(" or ", candidates.Select(c => $"{c.Address} ({c.Source})"))}. " +
            $"Start `tributary serve` (its endpoints go to {directory.EndpointsFile}), or pass --host URL or --data DIR.");
    }

    private static async Task<bool> AnswersAsync(Uri address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
