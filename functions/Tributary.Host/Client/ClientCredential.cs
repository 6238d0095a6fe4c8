using Tributary.Abstractions.Input;
using Tributary.Host.LocalData;

namespace Tributary.Host.Client;

/// <summary>
/// The API key a client verb sends in <see cref="HeaderName"/> (or none) and where it came from, so that a 401 can say
/// which key was refused and how to fix it. The key itself is never printed.
/// </summary>
public sealed record ClientCredential(string? Key, string Source)
{
    /// <summary>The header the host reads an API key from (the contract of issue 12).</summary>
    public const string HeaderName = Pipeline.Access.ApiKey.Header;

    /// <summary>The environment variable a key is taken from when --api-key is not given.</summary>
    public const string EnvironmentVariable = "TRIBUTARY_API_KEY";

    /// <summary>
    /// `--api-key`, else <see cref="EnvironmentVariable"/>, else the single line of `&lt;data&gt;/admin.key` that `serve`
    /// writes; none of them is not an error here, because a host without authentication needs no key.
    /// </summary>
    public static ClientCredential Resolve(string? option, string? data, Func<string, string?>? environment = null)
    {
        if (option is not null)
        {
            return new ClientCredential(Checked(option, "--api-key"), "--api-key");
        }

        if ((environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return new ClientCredential(Checked(fromEnvironment, EnvironmentVariable), $"the {EnvironmentVariable} environment variable");
        }

        var file = LocalDataSession.Resolve(data).AdminKeyFile;
        if (!File.Exists(file))
        {
            return new ClientCredential(null, $"no --api-key, no {EnvironmentVariable}, and no {file}");
        }

        string line;
        try
        {
            line = File.ReadLines(file).FirstOrDefault()?.Trim() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineClientException($"cannot read the API key in {file}: {e.Message}");
        }

        return line.Length == 0
            ? new ClientCredential(null, $"{file}, which is empty")
            : new ClientCredential(Checked(line, file), file);
    }

    /// <summary>How the refused key is named in messages: its first characters and length, never the whole key.</summary>
    public string Describe() =>
        Key is null ? $"no API key ({Source})" : $"the API key {Key[..Math.Min(4, Key.Length)]}… ({Key.Length} characters) from {Source}";

    // A header value cannot carry spaces or control characters; refusing them here beats an exception from HttpClient.
    private static string Checked(string key, string source)
    {
        var trimmed = key.Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => c is < '!' or > '~'))
        {
            throw new InvalidInputException(new InputError(source, 0, null, "an API key is one word of printable ASCII characters"));
        }

        return trimmed;
    }
}
