using Microsoft.AspNetCore.Authorization;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>The authorization requirement of a route: the operation it performs, judged by core's <see cref="AccessPolicy"/>.</summary>
internal sealed record OperationRequirement(PipelineOperation Operation) : IAuthorizationRequirement
{
    /// <summary>The policy name of an operation.</summary>
    public static string PolicyName(PipelineOperation operation) => $"tributary:{operation}";
}

/// <summary>Succeeds when the authenticated caller's roles allow the route's operation.</summary>
internal sealed class OperationAuthorization(CallerReader callers) : AuthorizationHandler<OperationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationRequirement requirement)
    {
        // An anonymous principal has no roles, so it never succeeds here.
        if (callers.Of(context.User).May(requirement.Operation))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
