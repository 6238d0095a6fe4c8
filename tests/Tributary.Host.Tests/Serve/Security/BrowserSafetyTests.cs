using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;

namespace Tributary.Host.Tests.Serve.Security;

public sealed class BrowserSafetyTests
{
    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task A_foreign_origin_post_is_403_and_starts_no_run()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs/tally") { Content = Json("""{"id": "evil-1"}""") };
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await host.Http.SendAsync(request);
        using var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("evil.example", problem.RootElement.GetProperty("detail").GetString());
        Assert.Empty(await RunsAsync(host));
    }

    [Fact]
    public async Task The_hosts_own_origin_and_no_origin_may_post()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var own = new HttpRequestMessage(HttpMethod.Post, "api/runs/tally") { Content = Json("""{"id": "own-1"}""") };
        own.Headers.Add("Origin", host.Http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var ownResponse = await host.Http.SendAsync(own);
        using var cli = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "cli-1"}"""));

        Assert.Equal(HttpStatusCode.Accepted, ownResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cli.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_415_naming_content_type_and_starts_no_run(string? contentType)
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"id": "simple-1"}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await host.Http.PostAsync("api/runs/tally", content);
        using var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Content-Type", out _));
        Assert.Empty(await RunsAsync(host));
    }

    [Fact]
    public async Task A_configured_origin_passes_and_gets_cors_headers()
    {
        var settings = new HostSettings { Security = new SecuritySettings { AllowedOrigins = ["https://console.example"] } };
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally], settings);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/runs/tally");
        preflight.Headers.Add("Origin", "https://console.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var preflightResponse = await host.Http.SendAsync(preflight);
        using var post = new HttpRequestMessage(HttpMethod.Post, "api/runs/tally") { Content = Json("""{"id": "console-1"}""") };
        post.Headers.Add("Origin", "https://console.example");
        using var postResponse = await host.Http.SendAsync(post);

        Assert.True(preflightResponse.IsSuccessStatusCode, preflightResponse.StatusCode.ToString());
        Assert.Equal("https://console.example", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(HttpStatusCode.Accepted, postResponse.StatusCode);
        Assert.Equal("https://console.example", Assert.Single(postResponse.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Without_configured_origins_there_are_no_cors_headers()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var get = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        get.Headers.Add("Origin", "https://console.example");
        using var getResponse = await host.Http.SendAsync(get);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/runs/tally");
        preflight.Headers.Add("Origin", "https://console.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await host.Http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        Assert.DoesNotContain(getResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(preflightResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_foreign_host_header_is_400_and_configured_hosts_pass()
    {
        var settings = new HostSettings { Security = new SecuritySettings { AllowedHosts = ["tributary.lan"] } };
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally], settings);

        using var evil = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        evil.Headers.Host = "evil.example";
        using var evilResponse = await host.Http.SendAsync(evil);
        using var problem = await ProblemAsync(evilResponse);
        using var lan = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        lan.Headers.Host = "tributary.lan:7071";
        using var lanResponse = await host.Http.SendAsync(lan);
        using var localhost = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        localhost.Headers.Host = "localhost:1234";
        using var localhostResponse = await host.Http.SendAsync(localhost);

        Assert.Equal(HttpStatusCode.BadRequest, evilResponse.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Host", out _));
        Assert.Equal(HttpStatusCode.OK, lanResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, localhostResponse.StatusCode);
    }

    [Fact]
    public async Task Security_headers_are_on_200_404_and_400_responses()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var ok = await host.Http.GetAsync("api/runs");
        using var notFound = await host.Http.GetAsync("api/nowhere");
        using var badRequest = await host.Http.GetAsync("api/runs?status=Sleeping");
        using var evil = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        evil.Headers.Host = "evil.example";
        using var badHost = await host.Http.SendAsync(evil);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badHost.StatusCode);
        foreach (var response in new[] { ok, notFound, badRequest, badHost })
        {
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'", Header(response, "Content-Security-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(",", response.Headers.TryGetValues(name, out var values) ? values : []);

    private static async Task<IReadOnlyList<JsonElement>> RunsAsync(HostHarness host)
    {
        using var response = await host.Http.GetAsync("api/runs");
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static async Task<JsonDocument> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
