using System.Globalization;

namespace Tributary.Pipeline.Runs;

/// <summary>The filters of `GET /api/runs`, parsed and validated once for both hosts so they answer bad input alike.</summary>
public sealed record RunListFilter(
    IReadOnlyList<RuntimeStatus>? Statuses,
    string? Kind,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    int PageSize,
    string? ContinuationToken)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Page size when the caller names none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Parses the raw query values; every problem is reported with the query parameter it concerns.</summary>
    public static RunListFilter Parse(
        string? status, string? kind, string? createdFrom, string? createdTo, string? pageSize, string? continuationToken,
        out IReadOnlyList<(string Field, string Problem)> errors)
    {
        var problems = new List<(string Field, string Problem)>();
        List<RuntimeStatus>? statuses = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statuses = [];
            foreach (var name in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<RuntimeStatus>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                {
                    statuses.Add(parsed);
                }
                else
                {
                    problems.Add(("status", $"'{name}' is not one of {string.Join(", ", Enum.GetNames<RuntimeStatus>())}"));
                }
            }
        }

        var from = ParseTime(createdFrom, "createdFrom", problems);
        var to = ParseTime(createdTo, "createdTo", problems);
        var size = DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(pageSize) &&
            (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            problems.Add(("pageSize", $"'{pageSize}' is not a whole number between 1 and {MaxPageSize}"));
        }

        errors = problems;
        return new RunListFilter(
            statuses is { Count: > 0 } ? statuses : null,
            string.IsNullOrWhiteSpace(kind) ? null : kind.Trim(),
            from,
            to,
            size,
            string.IsNullOrEmpty(continuationToken) ? null : continuationToken);
    }

    private static DateTimeOffset? ParseTime(string? value, string field, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        problems.Add((field, $"'{value}' is not an ISO 8601 date-time"));
        return null;
    }
}
