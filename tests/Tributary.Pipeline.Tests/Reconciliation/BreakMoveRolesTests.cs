using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class BreakMoveRolesTests
{
    [Theory]
    [InlineData(BreakStatus.InReview, Role.Operator)]
    [InlineData(BreakStatus.Resolved, Role.Operator)]
    [InlineData(BreakStatus.Escalated, Role.Operator)]
    [InlineData(BreakStatus.Closed, Role.Approver)]
    public void Closing_a_break_is_the_approvers_move_and_the_rest_the_operators(BreakStatus target, Role role)
    {
        Assert.Equal(role, BreakMoveRoles.Required(target));
    }
}
