using System.Text.Json;

namespace Tributary.Host.Tests.Cli;

/// <summary>Every client verb sends the API key in X-Api-Key, from --api-key, TRIBUTARY_API_KEY or &lt;data&gt;/admin.key, and explains a refusal.</summary>
public sealed class CredentialTests : IDisposable
{
    private const string EmptyRunPage = """{"items": [], "continuationToken": null}""";

    private readonly string _data = Directory.CreateTempSubdirectory("tributary-cli-data-").FullName;

    private string AdminKey => Path.Combine(_data, "admin.key");

    [Fact]
    public async Task The_key_comes_from_the_option_else_the_environment_else_the_data_directorys_admin_key_else_none_is_sent()
    {
        await using var host = await RecordingHost.StartAsync(200, EmptyRunPage);
        string[] list = ["list", "--host", host.Address, "--data", _data];

        Assert.Equal(0, (await CliProcess.RunAsync(list)).ExitCode);
        File.WriteAllText(AdminKey, "generated-admin-key\n");
        Assert.Equal(0, (await CliProcess.RunAsync(list)).ExitCode);
        var fromEnvironment = new Dictionary<string, string?> { ["TRIBUTARY_API_KEY"] = "key-from-env" };
        Assert.Equal(0, (await CliProcess.RunAsync(list, environment: fromEnvironment)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync([.. list, "--api-key", "key-from-option"], environment: fromEnvironment)).ExitCode);

        Assert.Equal([null, "generated-admin-key", "key-from-env", "key-from-option"], host.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task Every_client_verb_sends_the_key()
    {
        await using var host = await RecordingHost.StartAsync(401, """{"title": "Unauthorized"}""");
        string[][] verbs =
        [
            ["submit", "gen"], ["rerun", "r1"], ["status", "r1"], ["status", "r1", "--wait"], ["list"], ["terminate", "r1"], ["purge", "r1"],
            ["recon", "breaks", "r1"], ["recon", "move", "r1", "b1", "--to", "in_review"],
        ];

        foreach (var verb in verbs)
        {
            var result = await CliProcess.RunAsync([.. verb, "--host", host.Address, "--api-key", "k-123456"]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', verb)} exited {result.ExitCode}: {result.Errors}");
        }

        Assert.Equal(verbs.Length, host.Requests.Count);
        Assert.All(host.Requests, r => Assert.Equal("k-123456", r.ApiKey));
    }

    [Fact]
    public async Task A_401_says_which_key_was_refused_from_where_and_how_to_fix_it_without_printing_the_key()
    {
        await using var host = await RecordingHost.StartAsync(401, """{"title": "Unauthorized"}""");
        const string key = "0123456789abcdef0123456789abcdef";
        File.WriteAllText(AdminKey, key + "\n");

        var refused = await CliProcess.RunAsync(["status", "r1", "--host", host.Address, "--data", _data]);
        File.Delete(AdminKey);
        var none = await CliProcess.RunAsync(["status", "r1", "--host", host.Address, "--data", _data]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"401 Unauthorized: the host refused the API key 0123… (32 characters) from {AdminKey} to read run r1", refused.Errors);
        Assert.Contains("--api-key KEY or TRIBUTARY_API_KEY", refused.Errors);
        Assert.DoesNotContain(key, refused.Errors + refused.Output);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains($"none was sent (no --api-key, no TRIBUTARY_API_KEY, and no {AdminKey})", none.Errors);
    }

    [Fact]
    public async Task A_401_offers_the_admin_key_file_only_when_the_host_says_it_accepts_one()
    {
        await using var configured = await RecordingHost.StartAsync(401, """{"title": "Authentication required", "detail": "Send one of this host's configured API keys"}""");
        await using var local = await RecordingHost.StartAsync(401, """{"title": "Authentication required", "localAdminKey": "/srv/tributary/admin.key"}""");

        var withKeys = await CliProcess.RunAsync(["status", "r1", "--host", configured.Address, "--api-key", "k-123456"]);
        var withLocalKey = await CliProcess.RunAsync(["status", "r1", "--host", local.Address, "--api-key", "k-123456"]);

        Assert.Equal((2, 2), (withKeys.ExitCode, withLocalKey.ExitCode));
        Assert.Contains("This host does not accept a generated admin.key (it has configured API keys or OIDC): pass one of its configured keys", withKeys.Errors);
        Assert.DoesNotContain("--data DIR", withKeys.Errors);
        Assert.Contains("or --data DIR of the running serve so its admin.key (/srv/tributary/admin.key) is used", withLocalKey.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ftp://127.0.0.1:7071")]
    [InlineData("http://")]
    [InlineData("127.0.0.1:7071?x=1")]
    public async Task A_host_that_is_not_an_http_address_is_a_usage_error_saying_what_is_accepted(string host)
    {
        var result = await CliProcess.RunAsync(["status", "r1", "--host", host, "--api-key", "k-123456"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --host: ", result.Errors);
        Assert.Contains("e.g. http://127.0.0.1:7071, https://build-box:7071 or 127.0.0.1:7071", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }

    [Fact]
    public async Task A_host_given_as_host_and_port_is_taken_as_http()
    {
        await using var host = await RecordingHost.StartAsync(401, """{"title": "Unauthorized"}""");
        var port = new Uri(host.Address).Port;

        var byAddress = await CliProcess.RunAsync(["status", "r1", "--host", $"127.0.0.1:{port}", "--api-key", "k-123456"]);
        var byName = await CliProcess.RunAsync(["status", "r1", "--host", $"localhost:{port}", "--api-key", "k-123456"]);

        Assert.Equal((2, 2), (byAddress.ExitCode, byName.ExitCode));
        Assert.Contains("401 Unauthorized", byAddress.Errors);
        Assert.Contains("401 Unauthorized", byName.Errors);
        Assert.Equal(2, host.Requests.Count);
    }

    [Fact]
    public async Task A_403_says_the_key_lacks_the_role_for_what_was_tried()
    {
        await using var host = await RecordingHost.StartAsync(403, """{"title": "Forbidden", "detail": "purge needs the admin role"}""");

        var result = await CliProcess.RunAsync(["purge", "r1", "--host", host.Address],
            environment: new Dictionary<string, string?> { ["TRIBUTARY_API_KEY"] = "reader-key" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("403 Forbidden: the API key read… (10 characters) from the TRIBUTARY_API_KEY environment variable lacks the role needed to purge run r1", result.Errors);
        Assert.Contains("The host said: Forbidden — purge needs the admin role", result.Errors);
    }

    [Fact]
    public async Task A_server_error_is_an_environment_problem_and_an_unusable_key_a_usage_error()
    {
        await using var host = await RecordingHost.StartAsync(500, """{"title": "boom"}""");

        var failed = await CliProcess.RunAsync(["status", "r1", "--host", host.Address]);
        var badKey = await CliProcess.RunAsync(["status", "r1", "--host", host.Address, "--api-key", "two words"]);

        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("500 Internal Server Error: boom", failed.Errors);
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("an API key is one word of printable ASCII characters", badKey.Errors);
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task Move_sends_status_assignee_and_comment_as_json_and_leaves_who_acted_to_the_host()
    {
        var moved = """
            {"id": "b1", "runId": "r1", "profile": "trades", "type": "missing_left", "severity": "high", "status": "in_review", "side": "right",
             "key": "T-1", "field": "", "leftValue": "", "rightValue": "5", "difference": "", "financialImpact": 5, "currency": "INR",
             "matchPass": "exact", "ageDays": 1, "assignee": "alice",
             "history": [{"from": "Open", "to": "InReview", "actor": "alice@example.com", "at": "2026-05-01T08:00:00Z", "note": "looking"}]}
            """;
        await using var host = await RecordingHost.StartAsync(200, moved);

        var result = await CliProcess.RunAsync(
            ["recon", "move", "r1", "b1", "--to", "in_review", "--assignee", "alice", "--comment", "looking", "--host", host.Address, "--api-key", "op-key"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("b1 in_review", result.Output.Trim());
        Assert.Contains("open → in_review by alice@example.com: looking", result.Errors);
        var request = Assert.Single(host.Requests);
        Assert.Equal(("PATCH", "/api/recon/r1/breaks/b1", "op-key"), (request.Method, request.PathAndQuery, request.ApiKey));
        Assert.StartsWith("application/json", request.ContentType);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["status", "assignee", "comment"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("in_review", "alice", "looking"), (body.GetProperty("status").GetString(), body.GetProperty("assignee").GetString(), body.GetProperty("comment").GetString()));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
