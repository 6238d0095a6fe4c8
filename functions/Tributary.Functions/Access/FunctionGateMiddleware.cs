using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Tributary.Functions.Access;

/// <summary>Runs <see cref="FunctionGate"/> before every HTTP function; the caller it found is in <see cref="CallerKey"/> of the context's items.</summary>
public sealed class FunctionGateMiddleware(FunctionGate gate) : IFunctionsWorkerMiddleware
{
    /// <summary>The item key of the authenticated <see cref="Pipeline.Access.Caller"/>.</summary>
    public const string CallerKey = "tributary.caller";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // Orchestrations, activities, blob and timer triggers have no HTTP request and no caller to check.
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var decision = gate.Decide(context.FunctionDefinition.Name, http.Request.Headers);
        if (!decision.Allowed)
        {
            if (decision.Status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer, ApiKey header=\"X-Api-Key\"";
            }

            // Written as serve writes its refusals (the same problem-details writer), so a 403 reads the same on both hosts.
            await Results.Problem(statusCode: decision.Status, title: decision.Status == 401 ? "Authentication required" : "Forbidden", detail: decision.Problem)
                .ExecuteAsync(http);
            return;
        }

        if (decision.Caller is { } caller)
        {
            http.Items[CallerKey] = caller;
        }

        await next(context);
    }
}
