namespace Tributary.Pipeline.Access;

/// <summary>
/// The access matrix, in one place for both hosts, the docs and the tests: which role each operation needs. Which break
/// moves need an approver is Reconciliation's rule (BreakMoveRoles). Admin holds every role; any role may read; operator and approver are separate duties, so
/// the one who resolves a break is not by that alone the one who may close it.
/// </summary>
public static class AccessPolicy
{
    private static readonly IReadOnlyDictionary<PipelineOperation, Role> Required = new Dictionary<PipelineOperation, Role>
    {
        [PipelineOperation.Read] = Role.Reader,
        [PipelineOperation.StartRun] = Role.Operator,
        [PipelineOperation.RerunRun] = Role.Operator,
        [PipelineOperation.TerminateRun] = Role.Operator,
        [PipelineOperation.RecordFeedback] = Role.Operator,
        [PipelineOperation.PurgeRun] = Role.Admin,
        [PipelineOperation.Configure] = Role.Admin,

        // The route admits operators and approvers; the target of the move decides (Reconciliation's BreakMoveRoles).
        [PipelineOperation.MoveBreak] = Role.Operator,

        // Accepting closes breaks, which is the approver's; rejecting is the same judgement, so the same role.
        [PipelineOperation.DecideSuggestion] = Role.Approver,
    };

    /// <summary>The role an operation needs; for <see cref="PipelineOperation.MoveBreak"/> the ordinary moves' role (a move's own role: BreakMoveRoles).</summary>
    public static Role RequiredRole(PipelineOperation operation) => Required[operation];

    /// <summary>Whether a set of roles includes <paramref name="required"/>: held directly, through admin, or any role for reading.</summary>
    public static bool Grants(IReadOnlySet<Role> roles, Role required) =>
        roles.Contains(required) || roles.Contains(Role.Admin) || (required == Role.Reader && roles.Count > 0);

    /// <summary>Whether a set of roles may perform the operation (a break move: some move at all, operator or approver).</summary>
    public static bool Allows(IReadOnlySet<Role> roles, PipelineOperation operation) =>
        operation == PipelineOperation.MoveBreak
            ? Grants(roles, Role.Operator) || Grants(roles, Role.Approver)
            : Grants(roles, RequiredRole(operation));

    /// <summary>The refusal a caller without the role gets (403), naming the role and what it lacks.</summary>
    public static string Refusal(Caller caller, Role required, string what) =>
        $"{caller.Name} ({Describe(caller.Roles)}) may not {what}: that needs the {required.Name()} role" +
        (required == Role.Admin ? "" : " (or admin)");

    /// <summary>The role list as text, "no roles" when empty.</summary>
    public static string Describe(IReadOnlySet<Role> roles) =>
        roles.Count == 0 ? "no roles" : string.Join(", ", RoleNames.All.Where(roles.Contains).Select(r => r.Name()));

    /// <summary>What each operation is, for refusals: "start runs".</summary>
    public static string Describe(PipelineOperation operation) => operation switch
    {
        PipelineOperation.Read => "read",
        PipelineOperation.StartRun => "start runs",
        PipelineOperation.RerunRun => "re-run runs",
        PipelineOperation.TerminateRun => "terminate runs",
        PipelineOperation.PurgeRun => "purge runs",
        PipelineOperation.MoveBreak => "move breaks",
        PipelineOperation.RecordFeedback => "record feedback",
        PipelineOperation.DecideSuggestion => "accept or reject suggestions",
        _ => "change the configuration",
    };
}
