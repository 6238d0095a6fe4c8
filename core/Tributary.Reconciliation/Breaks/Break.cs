using Tributary.Reconciliation.Workflow;

namespace Tributary.Reconciliation.Breaks;

/// <summary>
/// One break: a difference between the two records of a reality. Serialisable with System.Text.Json
/// (<see cref="BreakJson.Options"/>) and written as one row of breaks.csv.
/// </summary>
public sealed record Break
{
    /// <summary>Stable id: hash of profile, type, side, key and field (see <see cref="BreakId"/>).</summary>
    public required string BreakId { get; init; }
    public required string Profile { get; init; }
    public required string BreakType { get; init; }
    public required Severity Severity { get; init; }
    public BreakStatus Status { get; init; } = BreakStatus.Open;
    /// <summary>both, left or right.</summary>
    public required string Side { get; init; }
    /// <summary>Normalised key values joined by '|': partition key then primary key (secondary key when the primary is blank).</summary>
    public required string Key { get; init; }
    /// <summary>The compared field, empty for record-level breaks (unmatched, duplicate).</summary>
    public required string Field { get; init; }
    public required string LeftValue { get; init; }
    public required string RightValue { get; init; }
    /// <summary>right − left (days for dates); empty for text and record-level breaks.</summary>
    public required string Difference { get; init; }
    /// <summary>Absolute financial impact in <see cref="Currency"/> (the profile's base currency), rounded to cents.</summary>
    public required decimal FinancialImpact { get; init; }
    public required string Currency { get; init; }
    public required MatchPass MatchPass { get; init; }
    /// <summary>Age of the break in days at the run's as-of date (from the profile's ageing date field), or null.</summary>
    public int? AgeDays { get; init; }
    /// <summary>1-based number of the left record among the left file's data records (header excluded), or null when the break has no left record.</summary>
    public int? LeftRecord { get; init; }
    /// <summary>1-based number of the right record among the right file's data records, or null.</summary>
    public int? RightRecord { get; init; }
    /// <summary>Record date plus the profile's service level for the severity (see Workbench/ServiceLevels), or null.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>Open past its due date at the run's as-of date.</summary>
    public bool Overdue { get; init; }
}
