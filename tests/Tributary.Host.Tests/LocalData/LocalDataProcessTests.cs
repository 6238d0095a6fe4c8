using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tributary.Host.Client;
using Tributary.Local.LocalData;

namespace Tributary.Host.Tests.LocalData;

/// <summary>`tributary serve` on a data directory, as real processes: the lock, endpoints.json and client discovery.</summary>
public sealed class LocalDataProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-serve-data-").FullName;

    [Fact]
    public async Task A_second_serve_on_the_same_data_directory_exits_3_and_a_killed_holder_frees_it()
    {
        var directory = new DataDirectory(_folder);
        using var first = Start("serve", "--data", _folder, "--emulator-ports", "Random", "--urls", "http://127.0.0.1:0");
        var api = await WaitForApiAsync(directory, first);

        // The client verbs find it through endpoints.json: an unknown run is "does not exist" (2), not "unreachable" (3).
        var status = await RunAsync(Start("status", "no-such-run", "--data", _folder));
        Assert.Equal(2, status.ExitCode);
        Assert.Contains($"does not exist on {api.ToString().TrimEnd('/')}", status.Errors);

        var second = await RunAsync(Start("serve", "--data", _folder, "--emulator-ports", "Random", "--urls", "http://127.0.0.1:0"));
        Assert.Equal(3, second.ExitCode);
        Assert.Contains($"is in use by another tributary process (pid {first.Id})", second.Errors);
        Assert.True(await AcceptsAsync(api), "the second serve must leave the first one running");

        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        using var third = Start("serve", "--data", _folder, "--emulator-ports", "Random", "--urls", "http://127.0.0.1:0");
        var restarted = await WaitForApiAsync(directory, third, after: api);
        Assert.NotEqual(api, restarted);
        third.Kill(entireProcessTree: true);
        await third.WaitForExitAsync();
    }

    [Fact]
    public async Task Discovery_uses_the_api_in_endpoints_json_when_it_answers_and_says_what_it_tried_when_nothing_does()
    {
        var directory = new DataDirectory(_folder);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        new LocalEndpoints { Api = new Uri(address) }.Write(directory.EndpointsFile);

        var found = await HostDiscovery.ResolveAsync(null, _folder, default);
        Assert.Equal(address, found.Address);
        Assert.Equal(directory.EndpointsFile, found.Source);
        Assert.Equal("http://elsewhere:1", (await HostDiscovery.ResolveAsync("http://elsewhere:1", _folder, default)).Address);

        listener.Stop();
        try
        {
            var fallback = await HostDiscovery.ResolveAsync(null, _folder, default);
            Assert.Equal(PipelineClient.DefaultHost, fallback.Address); // a developer's serve on 7071 answered
        }
        catch (PipelineClientException e)
        {
            Assert.Contains($"{address} ({directory.EndpointsFile})", e.Message);
            Assert.Contains(PipelineClient.DefaultHost, e.Message);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // An emulator of a killed host may still be closing its files.
        }
    }

    private static async Task<Uri> WaitForApiAsync(DataDirectory directory, Process host, Uri? after = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            if (LocalEndpoints.TryRead(directory.EndpointsFile) is { Api: { } api, Pid: var pid } && pid == host.Id && api != after && await AcceptsAsync(api))
            {
                return api;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"serve (pid {host.Id}, exited: {host.HasExited}) published no API in {directory.EndpointsFile}");
    }

    private static async Task<bool> AcceptsAsync(Uri api)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(api.Host, api.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Errors)> RunAsync(Process process)
    {
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await errors);
        }
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.ArgumentList.Add(HostAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Configured Azure resources would bypass the data directory; the test must see the local emulators.
        start.Environment.Remove("Storage__connectionString");
        start.Environment.Remove("Cosmos__connectionString");
        start.Environment["Tributary__RunTimers"] = "false";
        var process = Process.Start(start)!;
        if (arguments[0] == "serve")
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }

        return process;
    }

    // tests/Tributary.Host.Tests/bin/<configuration>/<tfm>/ → functions/Tributary.Host/bin/<configuration>/<tfm>/tributary.dll.
    internal static string HostAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(root.FullName, "functions", "Tributary.Host", "bin", configuration.Name, tfm.Name, "tributary.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first: {path} is missing", path);
    }
}
