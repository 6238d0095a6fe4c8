namespace Tributary.Hpi.Input;

/// <summary>One census tract as tracts.csv describes it: location and the static measures used for weighting.</summary>
/// <param name="HousingValue">Aggregate housing value of the tract (not a per-unit price).</param>
/// <param name="CollegeShare">Share of the population with a college degree, 0–1.</param>
/// <param name="NonwhiteShare">Share of the population that is not white, 0–1.</param>
public sealed record TractInfo(
    string Code,
    string CbsaCode,
    double CentroidLat,
    double CentroidLon,
    double HousingUnits,
    double HousingValue,
    double Upb,
    double CollegeShare,
    double NonwhiteShare);

/// <summary>A tract's time-varying measures for one year (tract_years.csv); <see cref="Tract"/> indexes the owning tract list.</summary>
public readonly record struct TractYearMeasure(int Tract, int Year, double HousingUnits, double HousingValue, double Upb);
