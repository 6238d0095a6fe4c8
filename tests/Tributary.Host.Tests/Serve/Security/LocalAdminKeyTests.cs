using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Tributary.Host.Serve.Security;
using Tributary.Host.Tests.LocalData;
using Tributary.Pipeline.Access;
using Tributary.Local.LocalData;

namespace Tributary.Host.Tests.Serve.Security;

/// <summary>The local default credential: `&lt;data&gt;/admin.key`, 0600, made once and reused; and what serve refuses to start with.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class LocalAdminKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-admin-key-").FullName;

    [Fact]
    public void The_key_is_made_once_owner_only_and_reused()
    {
        var path = Path.Combine(_folder, "nested", "admin.key");
        var log = new StringWriter();

        var first = LocalAdminKey.Ensure(path, log);
        var second = LocalAdminKey.Ensure(path, log);

        Assert.Equal(first, second);
        Assert.StartsWith(ApiKey.Prefix, first, StringComparison.Ordinal);
        Assert.Equal([first], File.ReadAllLines(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains($"created a local admin key in {path}", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_readable_by_others_is_tightened_to_0600()
    {
        var path = Path.Combine(_folder, "admin.key");
        File.WriteAllText(path, "trb_handwritten\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal("trb_handwritten", LocalAdminKey.Ensure(path, TextWriter.Null));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Serve_with_data_makes_the_key_accepts_it_and_refuses_requests_without_it()
    {
        var directory = new DataDirectory(_folder);
        using var serve = Start([], "serve", "--in-memory", "--data", _folder, "--urls", "http://127.0.0.1:0");
        var address = await AddressAsync(serve);
        var key = LocalAdminKey.TryRead(directory.AdminKeyFile)!;

        using var withKey = TestKeys.Client(address, key);
        using var without = TestKeys.Client(address, null);
        using var listed = await withKey.GetAsync("api/runs");
        using var refused = await without.GetAsync("api/runs");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(directory.AdminKeyFile, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(directory.AdminKeyFile, problem.GetProperty("localAdminKey").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.AdminKeyFile));
        serve.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task Serve_with_configured_keys_says_at_start_that_admin_key_is_not_accepted_and_its_401_says_the_same()
    {
        var key = ApiKey.Generate();
        var directory = new DataDirectory(_folder);
        File.WriteAllText(directory.AdminKeyFile, ApiKey.Generate() + "\n");
        using var serve = Start(
            [("Tributary__Security__ApiKeys__0__Name", "loader"), ("Tributary__Security__ApiKeys__0__Hash", ApiKey.Hash(key)), ("Tributary__Security__ApiKeys__0__Roles", "operator")],
            "serve", "--in-memory", "--data", _folder, "--urls", "http://127.0.0.1:0");
        var (address, said) = await StartedAsync(serve);

        using var withAdminKey = TestKeys.Client(address, LocalAdminKey.TryRead(directory.AdminKeyFile));
        using var refused = await withAdminKey.GetAsync("api/runs");
        using var withKey = TestKeys.Client(address, key);
        using var listed = await withKey.GetAsync("api/runs");

        Assert.Contains($"auth: accepting 1 configured API key(s) in X-Api-Key: loader (operator). The generated {directory.AdminKeyFile} is NOT accepted", said, StringComparison.Ordinal);
        Assert.Contains("timers: off", said, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (refused.StatusCode, listed.StatusCode));
        var problem = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.False(problem.TryGetProperty("localAdminKey", out _));
        Assert.Contains("a generated admin.key is not accepted while keys or OIDC are configured", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        serve.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task Serve_refuses_the_network_with_only_the_generated_key_and_refuses_bad_key_settings()
    {
        using var exposed = Start([], "serve", "--in-memory", "--data", _folder, "--urls", "http://0.0.0.0:0");
        var exposedErrors = await exposed.StandardError.ReadToEndAsync();
        await exposed.WaitForExitAsync();

        using var badHash = Start([("Tributary__Security__ApiKeys__0__Name", "ci"), ("Tributary__Security__ApiKeys__0__Hash", "trb_plain"), ("Tributary__Security__ApiKeys__0__Roles", "operator")],
            "serve", "--in-memory", "--data", _folder, "--urls", "http://127.0.0.1:0");
        var badErrors = await badHash.StandardError.ReadToEndAsync();
        await badHash.WaitForExitAsync();

        Assert.Equal(2, exposed.ExitCode);
        Assert.Contains("Tributary:Security:ApiKeys:0:Name", exposedErrors, StringComparison.Ordinal);
        Assert.Equal(2, badHash.ExitCode);
        Assert.Contains("Tributary:Security:ApiKeys:0:Hash", badErrors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<Uri> AddressAsync(Process serve) => (await StartedAsync(serve)).Address;

    // The address serve listens on, and everything it said up to that line.
    private static async Task<(Uri Address, string Said)> StartedAsync(Process serve)
    {
        var said = new System.Text.StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = await serve.StandardError.ReadLineAsync() ?? throw new InvalidOperationException($"serve exited before it listened: {said}");
            said.AppendLine(line);
            if (ServeLine().Match(line) is { Success: true } match)
            {
                return (new Uri(match.Groups[1].Value), said.ToString());
            }
        }

        throw new TimeoutException("serve did not listen within 60 s");
    }

    private static Process Start((string Name, string Value)[] environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(LocalDataProcessTests.HostAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Tributary__RunTimers"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    [GeneratedRegex(@"^tributary serve: (http://\S+) on ")]
    private static partial Regex ServeLine();
}
