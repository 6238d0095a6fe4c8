using Tributary.Hpi.Input;

namespace Tributary.Hpi.Weighting;

/// <summary>Each tract's weighting measure for a scheme and year; a supertract's measure is the sum over its member tracts.</summary>
/// <remarks>
/// Choices (method §5): value, unit and upb use the tract-year row of t−1 (the measure known at the start of the period;
/// for value this is the geometric Laspeyres weight), falling back to the static tracts.csv columns when tract_years.csv has
/// no row. College and nonwhite are share × population, and since the inputs carry no population column the
/// <b>population proxy is the static housing_units</b> of tracts.csv (2010-style, fixed over time). Sample is the
/// half-pairs in t plus those in t−1.
/// </remarks>
public sealed class TractMeasures
{
    private readonly IReadOnlyList<TractInfo> _tracts;
    private readonly Dictionary<long, TractYearMeasure> _byTractYear;

    public TractMeasures(IReadOnlyList<TractInfo> tracts, IReadOnlyList<TractYearMeasure> tractYears)
    {
        _tracts = tracts;
        _byTractYear = new Dictionary<long, TractYearMeasure>(tractYears.Count);
        foreach (var ty in tractYears)
        {
            _byTractYear[Key(ty.Tract, ty.Year)] = ty;
        }
    }

    /// <summary>The measure of <paramref name="tract"/> under <paramref name="scheme"/> for year <paramref name="year"/>.</summary>
    public double Of(WeightingScheme scheme, int tract, int year, int halfPairsInYear, int halfPairsInPreviousYear)
    {
        var info = _tracts[tract];
        switch (scheme)
        {
            case WeightingScheme.Sample:
                return halfPairsInYear + halfPairsInPreviousYear;
            case WeightingScheme.College:
                return info.CollegeShare * info.HousingUnits;
            case WeightingScheme.Nonwhite:
                return info.NonwhiteShare * info.HousingUnits;
        }

        var found = _byTractYear.TryGetValue(Key(tract, year - 1), out var ty);
        return scheme switch
        {
            WeightingScheme.Value => found ? ty.HousingValue : info.HousingValue,
            WeightingScheme.Unit => found ? ty.HousingUnits : info.HousingUnits,
            WeightingScheme.Upb => found ? ty.Upb : info.Upb,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
        };
    }

    private static long Key(int tract, int year) => ((long)tract << 16) ^ (uint)year;
}
