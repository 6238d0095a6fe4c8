using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Tests.Serve.Security;

/// <summary>OpenID Connect bearer tokens against a real issuer on loopback: app roles decide, the token's subject is who acted.</summary>
public sealed class BearerTokenTests
{
    private const string Audience = "api://tributary-test";
    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task A_valid_token_acts_with_its_app_roles_and_bad_tokens_are_401()
    {
        await using var issuer = await LocalIssuer.StartAsync();
        await using var host = await StartAsync(issuer);

        using var asOperator = Client(host, issuer.Token(Audience, "oid-olga", "Olga", ["operator"]));
        using var asReader = Client(host, issuer.Token(Audience, "oid-rui", "Rui", ["Reader", "SomeOtherAppsRole"]));
        using var stranger = Client(host, issuer.Token(Audience, "oid-eve", "Eve", ["admin"], signedByStranger: true));
        using var otherAudience = Client(host, issuer.Token("api://someone-else", "oid-eve", "Eve", ["admin"]));
        using var expired = Client(host, issuer.Token(Audience, "oid-eve", "Eve", ["admin"], lifetime: TimeSpan.FromMinutes(-10)));

        using var started = await asOperator.PostAsync("api/runs/tally", Json("""{"id": "tok-1"}"""));
        using var readerStart = await asReader.PostAsync("api/runs/tally", Json("""{"id": "tok-2"}"""));
        using var readerList = await asReader.GetAsync("api/runs");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerStart.StatusCode);
        Assert.Contains("Rui (reader) may not start runs", await readerStart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, readerList.StatusCode);
        foreach (var refused in new[] { stranger, otherAudience, expired })
        {
            using var response = await refused.GetAsync("api/runs");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(["tok-1"], (await host.RunsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task Api_keys_keep_working_beside_tokens()
    {
        await using var issuer = await LocalIssuer.StartAsync();
        await using var host = await StartAsync(issuer);

        using var response = await host.Http.GetAsync("api/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_api_key_sent_as_a_bearer_credential_is_a_key_beside_tokens_so_prometheus_can_scrape()
    {
        await using var issuer = await LocalIssuer.StartAsync();
        await using var host = await StartAsync(issuer);

        using var readerKey = Client(host, TestKeys.ByRole[Pipeline.Access.Role.Reader]);
        using var wrongKey = Client(host, "trb_not-a-key-of-this-host");
        using var token = Client(host, issuer.Token(Audience, "oid-rui", "Rui", ["Reader"]));
        using var scrape = await readerKey.GetAsync("metrics");
        using var readerStart = await readerKey.PostAsync("api/runs/tally", Json("""{"id": "bearer-key-1"}"""));
        using var refused = await wrongKey.GetAsync("metrics");
        using var tokenScrape = await token.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE ", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, readerStart.StatusCode);
        Assert.Contains("reader-key (reader) may not start runs", await readerStart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tokenScrape.StatusCode);
    }

    private async Task<HostHarness> StartAsync(LocalIssuer issuer) =>
        await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally], new HostSettings
        {
            Security = new SecuritySettings { Oidc = new OidcSettings(issuer.Authority, Audience) },
        });

    private static HttpClient Client(HostHarness host, string token)
    {
        var http = host.ClientWith(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
