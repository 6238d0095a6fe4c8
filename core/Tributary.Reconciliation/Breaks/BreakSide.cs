namespace Tributary.Reconciliation.Breaks;

/// <summary>Which side a break concerns: both (a matched pair disagrees) or one side only.</summary>
public static class BreakSide
{
    public const string Both = "both";
    public const string Left = "left";
    public const string Right = "right";
}
