using Tributary.Pipeline.Schedules;

namespace Tributary.Host.Serve;

/// <summary>
/// What `serve` says once it has started, besides its address: which credentials it accepts (configured keys or OIDC turn
/// the generated admin.key off, and a user must not learn that from a 401) and what its timers will do (the retention purge
/// first of all).
/// </summary>
public static class StartNotice
{
    /// <summary>Writes the notice for these settings; <paramref name="adminKeyFile"/> is where the generated key would be.</summary>
    public static void Write(TextWriter log, HostSettings settings, string adminKeyFile)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        if (Credentials(settings.Security, adminKeyFile) is { } credentials)
        {
            log.WriteLine(credentials);
        }

        foreach (var line in TimerNotice.Lines(settings.Timers, settings.RunTimers))
        {
            log.WriteLine(line);
        }
    }

    /// <summary>The line naming the configured credentials, or null when the generated local key is the credential (already said).</summary>
    public static string? Credentials(Security.SecuritySettings security, string adminKeyFile)
    {
        ArgumentNullException.ThrowIfNull(security);
        if (!security.HasConfiguredCredentials)
        {
            return null;
        }

        var accepted = new List<string>();
        if (security.ApiKeys.Count > 0)
        {
            accepted.Add($"{security.ApiKeys.Count} configured API key(s) in X-Api-Key: " +
                string.Join(", ", security.ApiKeys.Select(k => $"{k.Name} ({string.Join(", ", k.Roles.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal))})")));
        }

        if (security.Oidc is { } oidc)
        {
            accepted.Add($"OpenID Connect tokens from {oidc.Authority} for {oidc.Audience}");
        }

        return $"auth: accepting {string.Join("; and ", accepted)}. The generated {adminKeyFile} is NOT accepted while keys or OIDC are configured.";
    }
}
