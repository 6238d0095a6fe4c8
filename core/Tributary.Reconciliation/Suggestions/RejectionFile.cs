using Tributary.Abstractions.Input;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Reads rejected groupings for <c>recon run --rejections FILE</c>: a CSV with a <c>suggestion_id</c> column (other
/// columns ignored, so rows cut from suggestions.csv will do). A suggestion id is the grouping's fingerprint (its kind and
/// the break ids of its records), the same on every run of the same input, so a rejected grouping is not suggested again.
/// </summary>
public static class RejectionFile
{
    /// <summary>Most rejections read from one file.</summary>
    public const int MaxRejections = 1_000_000;

    /// <summary>Reads the ids; every malformed one is reported with its line, all at once (up to 50).</summary>
    public static IReadOnlySet<string> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("rejections file not found", path);
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads the ids from a stream; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlySet<string> Read(Stream stream, string source)
    {
        using var csv = CsvSource.Open(stream, source, ["suggestion_id"]);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<InputError>();
        while (csv.Read() && errors.Count < 50)
        {
            var id = csv.Field(0) ?? "";
            if (id.Length != 16 || !id.All(char.IsAsciiHexDigitLower))
            {
                errors.Add(csv.Error(0, $"'{(id.Length > 40 ? id[..40] : id)}' is not a suggestion id (16 lower-case hex digits)"));
                continue;
            }

            if (ids.Count >= MaxRejections)
            {
                errors.Add(csv.Error(0, $"more than {MaxRejections} rejections"));
                break;
            }

            ids.Add(id);
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return ids;
    }
}
