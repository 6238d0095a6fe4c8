using Microsoft.Extensions.Configuration;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Access;

/// <summary>Builds the app's <see cref="FunctionGate"/> from its settings; a bad key entry stops the app at start, naming the setting.</summary>
public static class FunctionGates
{
    /// <summary>The App Service setting that says Authentication (Easy Auth) is on for the app.</summary>
    public const string EasyAuthSetting = "WEBSITE_AUTH_ENABLED";

    public static FunctionGate From(IConfiguration configuration)
    {
        var errors = new List<string>();
        var keys = ApiKeyRing.Parse(
            configuration.GetSection("Tributary:Security:ApiKeys").GetChildren().Select(c => ($"Tributary:Security:ApiKeys:{c.Key}", c["Name"], c["Hash"], c["Roles"])), errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("API key settings are invalid: " + string.Join("; ", errors));
        }

        return new FunctionGate(new ApiKeyRing(keys), bool.TryParse(configuration[EasyAuthSetting], out var on) && on);
    }
}
