using Microsoft.Extensions.Configuration;

namespace Tributary.Host.Serve.Security;

/// <summary>Browser-safety and off-loopback settings of `tributary serve` (section `Tributary:Security`).</summary>
public sealed record SecuritySettings
{
    /// <summary>Browser origins (e.g. `https://console.example`) allowed to call the API cross-origin; none means no CORS at all.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Host names accepted in the Host header besides the loopback names; `*` accepts any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Let `serve --urls` bind a non-loopback address (there is no authentication yet).</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>Reads `Tributary:Security`; lists are either children (`AllowedOrigins:0`) or one `;`/`,`-separated value.</summary>
    public static SecuritySettings From(IConfigurationSection section) => new()
    {
        AllowedOrigins = List(section.GetSection("AllowedOrigins")).Select(BrowserRequestGuard.NormalizeOrigin).ToList(),
        AllowedHosts = List(section.GetSection("AllowedHosts")),
        AllowNonLoopback = bool.TryParse(section["AllowNonLoopback"], out var allow) && allow,
    };

    private static List<string> List(IConfigurationSection section)
    {
        // An environment variable can carry a list only as one value, so both forms are read.
        var values = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (section.Value is { } single)
        {
            values.Add(single);
        }

        return values
            .SelectMany(v => v.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }
}
