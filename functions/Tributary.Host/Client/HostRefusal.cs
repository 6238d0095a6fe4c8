using System.Net;
using System.Text.Json;

namespace Tributary.Host.Client;

/// <summary>Turns a host's 4xx or 5xx answer into one message that says what was refused and what to do about it.</summary>
internal static class HostRefusal
{
    /// <summary>The exception for a failed response; <paramref name="action"/> completes "while trying to …".</summary>
    public static async Task<PipelineClientException> ReadAsync(HttpResponseMessage response, string action, ClientCredential credential, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var said = Problem(body);
        var prefix = $"{status} {response.ReasonPhrase}";

        // The host says whether it accepts its generated admin.key; with configured keys or OIDC it does not, and advice
        // to use that file would be wrong.
        var advice = LocalAdminKey(body) is { } file
            ? $"Pass the right key with --api-key KEY or {ClientCredential.EnvironmentVariable}, or --data DIR of the running serve so its admin.key ({file}) is used."
            : $"This host does not accept a generated admin.key (it has configured API keys or OIDC): pass one of its configured keys with --api-key KEY " +
              $"or {ClientCredential.EnvironmentVariable} (an admin makes one with `tributary keys new`).";
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when credential.Key is null =>
                $"{prefix}: the host needs an API key to {action}, and none was sent ({credential.Source}). {advice}",
            HttpStatusCode.Unauthorized =>
                $"{prefix}: the host refused {credential.Describe()} to {action}. {advice}",
            HttpStatusCode.Forbidden =>
                $"{prefix}: {credential.Describe()} lacks the role needed to {action}; use a key that has it (see the roles in the README)." +
                (said.Length > 0 ? $" The host said: {said}" : ""),
            _ => $"{prefix}: {(said.Length > 0 ? said : $"could not {action}")}",
        };
        return new PipelineClientException(message, status);
    }

    // The 401 body's `localAdminKey` member: the file of the key the host accepts, absent when it accepts none.
    private static string? LocalAdminKey(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("localAdminKey", out var file) && file.ValueKind == JsonValueKind.String
                ? file.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Problem details (RFC 9457): the title, the detail, and each invalid field's messages, whichever are present.
    private static string Problem(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return text.Trim();
            }

            var parts = new List<string>();
            foreach (var name in new[] { "title", "detail" })
            {
                if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s)
                {
                    parts.Add(s);
                }
            }

            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Array))
                {
                    parts.AddRange(field.Value.EnumerateArray().Select(e => $"{field.Name}: {e}").Where(p => !parts.Any(seen => seen.Contains(p, StringComparison.Ordinal))));
                }
            }

            return string.Join(" — ", parts);
        }
        catch (JsonException)
        {
            return text.Trim();
        }
    }
}
