using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Tests.Serve;

/// <summary>One API key per role (fresh each test run), configured in every in-process test host, and clients that send them.</summary>
internal static class TestKeys
{
    /// <summary>The key of each role; the key named `{role}-key` holds only that role.</summary>
    public static IReadOnlyDictionary<Role, string> ByRole { get; } = RoleNames.All.ToDictionary(r => r, _ => ApiKey.Generate());

    /// <summary>The configured entries of <see cref="ByRole"/>.</summary>
    public static IReadOnlyList<ApiKeyEntry> Entries { get; } =
        RoleNames.All.Select(r => new ApiKeyEntry($"{r.Name()}-key", ApiKey.Hash(ByRole[r]), new HashSet<Role> { r })).ToList();

    /// <summary>The admin key, which the harness's default client sends.</summary>
    public static string Admin => ByRole[Role.Admin];

    /// <summary>Security settings with the test keys added.</summary>
    public static SecuritySettings With(SecuritySettings settings) =>
        settings.ApiKeys.Count > 0 ? settings : settings with { ApiKeys = [.. Entries] };

    /// <summary>A client of <paramref name="address"/> that sends <paramref name="key"/> (none when null).</summary>
    public static HttpClient Client(Uri address, string? key)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
        }

        return http;
    }

    /// <summary>The environment a spawned `serve` needs to accept <see cref="Admin"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment()
    {
        var admin = Entries.Single(e => e.Roles.Contains(Role.Admin));
        yield return new("Tributary__Security__ApiKeys__0__Name", admin.Name);
        yield return new("Tributary__Security__ApiKeys__0__Hash", admin.Hash);
        yield return new("Tributary__Security__ApiKeys__0__Roles", "admin");
    }
}
