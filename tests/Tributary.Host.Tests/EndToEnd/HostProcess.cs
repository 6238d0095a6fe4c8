using System.Diagnostics;
using System.Net.Sockets;
using Tributary.Local.Emulators;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>The built `tributary serve` as a real child process on the emulators, killable hard.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Id => _process.Id;

    /// <summary>Every line the host wrote to standard output so far (its console log).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();

    /// <summary>A client (no base address) that sends the admin test key the host accepts; dispose it.</summary>
    public static HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add(Tributary.Host.Serve.Security.ApiKeyAuthentication.Header, Serve.TestKeys.Admin);
        return http;
    }

    /// <summary>Starts `tributary serve` on the emulators; processes given the same task hub share its work.</summary>
    /// <param name="environment">More variables for the host (OTEL_*, Logging__*).</param>
    /// <param name="arguments">More `serve` arguments.</param>
    public static async Task<HostProcess> StartAsync(
        LocalEmulators emulators, string journal, int maxActivities, string taskHub = "tributary",
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { HostAssembly(), "serve", "--urls", url, "--journal", journal, "--max-activities", maxActivities.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.Environment["Storage__connectionString"] = emulators.StorageConnectionString;
        start.Environment["Cosmos__connectionString"] = emulators.CosmosConnectionString;
        start.Environment["Tributary__DropPollInterval"] = "00:00:00.200";
        start.Environment["Tributary__RunTimers"] = "false";
        start.Environment["Tributary__Durable__TaskHubName"] = taskHub;
        foreach (var (name, value) in Serve.TestKeys.Environment().Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var host = new HostProcess(process, url);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                host.Output.Enqueue(text);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url + "/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                host.Dispose();
                throw new InvalidOperationException($"tributary serve did not come up (exited: {process.HasExited})");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Kills the process tree at once, as a crash would: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    // The host's own build output (its deps.json resolves its packages), found from this test's output folder:
    // tests/Tributary.Host.Tests/bin/<configuration>/<tfm>/ → functions/Tributary.Host/bin/<configuration>/<tfm>/tributary.dll.
    private static string HostAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(root.FullName, "functions", "Tributary.Host", "bin", configuration.Name, tfm.Name, "tributary.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first: {path} is missing", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
