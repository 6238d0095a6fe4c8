using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Functions.Access;
using Tributary.Functions.Console;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Tests.Console;

/// <summary>The Functions app serves the console under `/api/console/`, with serve's files, base path written in, and serve's policy.</summary>
public sealed class ConsoleFunctionTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    [Fact]
    public async Task The_page_names_the_functions_base_and_carries_the_console_policy_and_the_trace_url()
    {
        var function = new ConsoleFunction(Configuration(("Tributary:Console:TraceUrl", "https://jaeger.example/trace/{traceId}")));

        var (status, headers, body) = await GetAsync(function, "/api/console/runs/gen-1");

        Assert.Equal(200, status);
        Assert.StartsWith("text/html", headers.ContentType.ToString());
        Assert.Contains("""<meta name="tributary-base" content="/api/console/">""", body);
        Assert.Contains("""src="/api/console/js/app.js""", body);
        Assert.Contains("https://jaeger.example/trace/{traceId}", body);
        Assert.DoesNotContain("__BASE__", body);
        Assert.Contains("default-src 'none'", headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-store", headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("true", "/.auth/login/aad?post_login_redirect_uri=/api/console/")]
    [InlineData("false", "")]
    [InlineData(null, "")]
    public async Task The_page_offers_easy_auths_sign_in_only_where_easy_auth_runs(string? authEnabled, string signIn)
    {
        var settings = authEnabled is null ? [] : new[] { ("WEBSITE_AUTH_ENABLED", authEnabled) };

        var (_, _, body) = await GetAsync(new ConsoleFunction(Configuration(settings)), "/api/console/");

        Assert.Contains($"""<meta name="tributary-sign-in" content="{signIn}">""", body);
    }

    [Fact]
    public async Task An_asset_is_served_by_name_and_revalidated_by_its_etag()
    {
        var function = new ConsoleFunction(Configuration());

        var (status, headers, body) = await GetAsync(function, "/api/console/js/app.js");
        Assert.Equal(200, status);
        Assert.StartsWith("text/javascript", headers.ContentType.ToString());
        Assert.Contains("import", body);
        var etag = headers.ETag.ToString();
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);

        var (again, _, empty) = await GetAsync(function, "/api/console/js/app.js", etag);
        Assert.Equal(304, again);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task A_path_that_is_neither_an_asset_nor_a_console_page_is_404()
    {
        var (status, _, _) = await GetAsync(new ConsoleFunction(Configuration()), "/api/console/secrets.txt");

        Assert.Equal(404, status);
    }

    [Fact]
    public void The_gate_lets_anyone_load_the_console_but_not_the_api_it_calls()
    {
        var gate = new FunctionGate(new ApiKeyRing([]), easyAuthEnabled: false);

        Assert.True(gate.Decide("Console", new HeaderDictionary()).Allowed);
        Assert.Equal(401, gate.Decide("GetCaller", new HeaderDictionary()).Status);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static async Task<(int Status, IHeaderDictionary Headers, string Body)> GetAsync(ConsoleFunction function, string path, string? ifNoneMatch = null)
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        http.Request.Method = "GET";
        http.Request.Path = path;
        if (ifNoneMatch is not null)
        {
            http.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        http.Response.Body = new MemoryStream();
        await function.Serve(http.Request).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, http.Response.Headers, await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
