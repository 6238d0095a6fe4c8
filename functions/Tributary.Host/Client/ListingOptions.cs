using System.CommandLine;

namespace Tributary.Host.Client;

/// <summary>What the verbs that list pages of items share (`list`, `recon breaks`): page size, JSON output, following continuation tokens.</summary>
internal static class ListingOptions
{
    /// <summary>`&amp;name=value` for a query string, escaped; empty when the value is absent.</summary>
    public static string Filter(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    /// <summary>Every item of every page: <paramref name="fetch"/> gets the continuation token (null first) and answers a page and the next token.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<(IReadOnlyList<T> Items, string? Next)>> fetch)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            (var items, token) = await fetch(token).ConfigureAwait(false);
            all.AddRange(items);
        }
        while (token is not null);

        return all;
    }

    /// <summary>`--page-size`, validated against the host's own limit so a wrong value is a parse error (exit 2) before any request.</summary>
    public static Option<int> PageSize(string items, int defaultSize, int maxSize)
    {
        var option = new Option<int>("--page-size")
        {
            Description = $"{items} per request (1..{maxSize}); every page is fetched, this only sets how many at a time.",
            DefaultValueFactory = _ => defaultSize,
        };
        option.Validators.Add(result =>
        {
            // A value that is not a number already has its own error; reading it here would throw instead of reporting it.
            if (result.Tokens.Count == 1 && !int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return;
            }

            if (result.GetValueOrDefault<int>() is < 1 || result.GetValueOrDefault<int>() > maxSize)
            {
                result.AddError($"--page-size must be between 1 and {maxSize}");
            }
        });
        return option;
    }

    /// <summary>`--json`: all items as one JSON array on stdout, for scripts.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as one JSON array instead of a table." };
}
