namespace Tributary.Pipeline.Access;

/// <summary>
/// `GET /api/me`: who the credential is and what it may do, so a client (the console) shows only the actions the caller's
/// roles allow. The host still checks every request; this only spares people buttons that would be refused.
/// </summary>
public sealed record CallerView(string Name, string Method, IReadOnlyList<string> Roles, IReadOnlyList<string> May)
{
    /// <summary>The view of a caller: its role names and the operations (camel-case names) it may perform.</summary>
    public static CallerView Of(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new CallerView(
            caller.Name,
            caller.Method,
            RoleNames.All.Where(caller.Roles.Contains).Select(r => r.Name()).ToList(),
            Enum.GetValues<PipelineOperation>().Where(caller.May).Select(o => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(o.ToString())).ToList());
    }
}
