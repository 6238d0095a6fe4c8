using Tributary.Pipeline.Access;

namespace Tributary.Pipeline.Tests.Access;

public sealed class AccessPolicyTests
{
    // The matrix as the README states it: which single role may perform each operation (admin may do all).
    public static TheoryData<PipelineOperation, Role[]> Matrix => new()
    {
        { PipelineOperation.Read, [Role.Reader, Role.Operator, Role.Approver, Role.Admin] },
        { PipelineOperation.StartRun, [Role.Operator, Role.Admin] },
        { PipelineOperation.RerunRun, [Role.Operator, Role.Admin] },
        { PipelineOperation.TerminateRun, [Role.Operator, Role.Admin] },
        { PipelineOperation.RecordFeedback, [Role.Operator, Role.Admin] },
        { PipelineOperation.MoveBreak, [Role.Operator, Role.Approver, Role.Admin] },
        { PipelineOperation.DecideSuggestion, [Role.Approver, Role.Admin] },
        { PipelineOperation.PurgeRun, [Role.Admin] },
        { PipelineOperation.Configure, [Role.Admin] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_operation_is_allowed_to_exactly_its_roles(PipelineOperation operation, Role[] allowed)
    {
        foreach (var role in RoleNames.All)
        {
            Assert.Equal(allowed.Contains(role), AccessPolicy.Allows(new HashSet<Role> { role }, operation));
        }

        Assert.False(AccessPolicy.Allows(new HashSet<Role>(), operation));
    }

    [Fact]
    public void Every_operation_is_in_the_matrix()
    {
        Assert.Equal(Enum.GetValues<PipelineOperation>().Order(), Matrix.Select(row => (PipelineOperation)row[0]).Order());
    }

    [Fact]
    public void A_refusal_names_the_caller_its_roles_and_the_role_needed()
    {
        var caller = new Caller("key:ci", "ci", new HashSet<Role> { Role.Reader }, "api-key");

        var refusal = AccessPolicy.Refusal(caller, Role.Admin, AccessPolicy.Describe(PipelineOperation.PurgeRun));

        Assert.Equal("ci (reader) may not purge runs: that needs the admin role", refusal);
    }

    [Fact]
    public void Role_lists_parse_case_insensitively_and_report_what_is_not_a_role()
    {
        var roles = RoleNames.ParseList("Operator, approver;bogus", out var unknown);

        Assert.Equal([Role.Operator, Role.Approver], roles.Order());
        Assert.Equal(["bogus"], unknown);
    }
}
