using System.Text.Json.Serialization;

namespace Tributary.Hpi.Weighting;

/// <summary>How supertract appreciations are weighted into a CBSA or national appreciation (method §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WeightingScheme>))]
public enum WeightingScheme
{
    /// <summary>Share of half-pairs in t and t−1.</summary>
    Sample = 0,
    /// <summary>Share of aggregate housing value in t−1 (geometric Laspeyres).</summary>
    Value = 1,
    /// <summary>Share of single-family housing units.</summary>
    Unit = 2,
    /// <summary>Share of enterprise unpaid principal balance.</summary>
    Upb = 3,
    /// <summary>Share of college-educated population (static).</summary>
    College = 4,
    /// <summary>Share of non-white population (static).</summary>
    Nonwhite = 5,
}

/// <summary>Names and the full list of weighting schemes, as the CLI and outputs spell them.</summary>
public static class WeightingSchemes
{
    /// <summary>All six schemes in their fixed output order.</summary>
    public static IReadOnlyList<WeightingScheme> All { get; } =
    [
        WeightingScheme.Sample, WeightingScheme.Value, WeightingScheme.Unit,
        WeightingScheme.Upb, WeightingScheme.College, WeightingScheme.Nonwhite,
    ];

    /// <summary>Number of schemes.</summary>
    public const int Count = 6;

    /// <summary>The lower-case name used in files and on the command line.</summary>
    public static string Name(this WeightingScheme scheme) => scheme switch
    {
        WeightingScheme.Sample => "sample",
        WeightingScheme.Value => "value",
        WeightingScheme.Unit => "unit",
        WeightingScheme.Upb => "upb",
        WeightingScheme.College => "college",
        WeightingScheme.Nonwhite => "nonwhite",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    /// <summary>Parses a lower-case name; false when unknown.</summary>
    public static bool TryParse(string name, out WeightingScheme scheme)
    {
        foreach (var s in All)
        {
            if (string.Equals(s.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                scheme = s;
                return true;
            }
        }

        scheme = default;
        return false;
    }
}
