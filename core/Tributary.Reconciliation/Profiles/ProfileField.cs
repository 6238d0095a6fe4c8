namespace Tributary.Reconciliation.Profiles;

/// <summary>A logical field of a profile and its column on each side (null when that side does not carry it).</summary>
public sealed record ProfileField(int Index, string Name, FieldType Type, string? LeftColumn, string? RightColumn)
{
    /// <summary>The column name on one side.</summary>
    public string? Column(Records.RecordSide side) => side == Records.RecordSide.Left ? LeftColumn : RightColumn;
}
