using Tributary.Pipeline.Access;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>Which role a break move needs: closing is the approver's, every other move the operator's.</summary>
public static class BreakMoveRoles
{
    /// <summary>The role a move to <paramref name="target"/> needs.</summary>
    public static Role Required(BreakStatus target) => target == BreakStatus.Closed ? Role.Approver : Role.Operator;
}
