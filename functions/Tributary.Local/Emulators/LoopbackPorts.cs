using System.Net;
using System.Net.Sockets;

namespace Tributary.Local.Emulators;

/// <summary>Free TCP ports on 127.0.0.1, for emulators that cannot report the port they bound themselves.</summary>
internal static class LoopbackPorts
{
    /// <summary>Asks the OS for a free port by binding port 0 and releasing it; a later bind can race, so callers retry.</summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when the port can be bound on 127.0.0.1 now (a later bind can still race).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True once something accepts TCP connections on the port.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
