using Tributary.Hpi;

namespace Tributary.Pipeline.Hpi;

/// <summary>
/// Parameters of a house price index run: the body's `parameters` or a drop's manifest.json. Every field is optional;
/// method parameters default to FHFA WP 21-01 (<see cref="HpiParameters"/>).
/// </summary>
/// <param name="Dataset">Name under which the series are stored; default: the drop folder's name.</param>
/// <param name="SkipInvalid">Skip and count invalid rows instead of rejecting the whole input.</param>
/// <param name="Partitions">Most activities the CBSAs are packed into (1-1000; default 64, see <see cref="CbsaGroups"/>).</param>
public sealed record HpiRunParameters(
    string? Dataset = null,
    int? StartYear = null,
    int? EndYear = null,
    int? BaseYear = null,
    int? MinHalfPairs = null,
    double? MaxAbsCagr = null,
    double? MaxPriceRatio = null,
    double? MinPriceRatio = null,
    bool SkipInvalid = false,
    int? Partitions = null)
{
    /// <summary>The method parameters, defaults filled in.</summary>
    public HpiParameters ToMethod()
    {
        var defaults = HpiParameters.Default;
        return new HpiParameters(
            StartYear,
            EndYear,
            BaseYear,
            MinHalfPairs ?? defaults.MinHalfPairs,
            MaxAbsCagr ?? defaults.MaxAbsCagr,
            MaxPriceRatio ?? defaults.MaxPriceRatio,
            MinPriceRatio ?? defaults.MinPriceRatio);
    }
}
