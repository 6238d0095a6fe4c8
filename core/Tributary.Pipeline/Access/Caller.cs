namespace Tributary.Pipeline.Access;

/// <summary>
/// The authenticated principal behind a request: a stable id (key name, token subject/object id), a display name, its roles,
/// and how it authenticated. Records of who did what take it from here, never from a request body.
/// </summary>
public sealed record Caller(string Id, string Name, IReadOnlySet<Role> Roles, string Method)
{
    /// <summary>Whether the caller holds <paramref name="role"/> (admin holds every role).</summary>
    public bool Has(Role role) => AccessPolicy.Grants(Roles, role);

    /// <summary>Whether the caller may perform the operation.</summary>
    public bool May(PipelineOperation operation) => AccessPolicy.Allows(Roles, operation);
}
