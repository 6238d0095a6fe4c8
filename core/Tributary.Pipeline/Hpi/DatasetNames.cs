using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Hpi;

/// <summary>What a dataset name may be: it is part of every series document's id, and Cosmos refuses ids with '/', '\', '?' or '#'.</summary>
public static class DatasetNames
{
    /// <summary>The rule, quoted in every message about a dataset name.</summary>
    public static readonly string Rule =
        $"1-{InputLimits.MaxDatasetNameLength} characters, none of '|', '/', '\\', '?', '#' or control characters, no spaces at either end, not '.' or '..'";

    /// <summary>Why the name cannot be a dataset's, or null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bad = name.Length is 0 or > InputLimits.MaxDatasetNameLength
            || name.AsSpan().IndexOfAny("|/\\?#") >= 0
            || name.Any(char.IsControl)
            || name != name.Trim()
            || name is "." or "..";
        return bad ? $"'{(name.Length <= 80 ? name : name[..77] + "...")}' is not a dataset name: {Rule}" : null;
    }
}
