using Tributary.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Access;

/// <summary>
/// The operation each HTTP function performs: the route of core's table (<see cref="PipelineApi"/>) of the same name; the role
/// each needs is core's <see cref="AccessPolicy"/>. A function missing here is refused to everyone (secure by default).
/// </summary>
public static class FunctionAccess
{
    /// <summary>Functions anyone may call: liveness, and the console's static files (every API call they make is judged).</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string> { "Health", "Console" };

    /// <summary>Function name → operation.</summary>
    public static readonly IReadOnlyDictionary<string, PipelineOperation> Operations =
        PipelineApi.Routes.Values.ToDictionary(r => r.Name, r => r.Operation, StringComparer.Ordinal);
}
