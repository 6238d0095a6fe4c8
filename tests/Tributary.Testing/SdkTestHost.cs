using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Pipeline.Durable;

namespace Tributary.Testing;

/// <summary>
/// Starts the Durable Task SDK's in-process test host the way every test project needs it: serialising with the pipeline's
/// JSON options, as both hosts do, on a free loopback port.
/// </summary>
public static class SdkTestHost
{
    /// <summary>Starts the host with the given registrations; a port clash with a parallel test is retried.</summary>
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> register)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(register, Options(FreePort()));
            }
            catch (IOException) when (attempt < 5)
            {
            }
        }
    }

    private static DurableTaskTestHostOptions Options(int port) => new()
    {
        Port = port,
        ConfigureServices = services =>
        {
            var converter = new JsonDataConverter(DurableJson.Options);
            services.AddSingleton<DataConverter>(converter);
            services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
            services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
        },
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
