using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Tributary.Functions.Access;
using Tributary.Functions.Runs;
using Tributary.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Api;

/// <summary>Runs a route of core's table (<see cref="PipelineApi"/>) for an HTTP function of the same name; the gate has already judged the caller.</summary>
public sealed class FunctionsApi(RunServices runs)
{
    /// <summary>The answer of route <paramref name="name"/> to this request, over the invocation's Durable client.</summary>
    public Task<IResult> HandleAsync(string name, HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = PipelineApi.Routes[name];
        var caller = request.HttpContext.Items[FunctionGateMiddleware.CallerKey] as Caller;
        return route.Handler(new ApiCall(request.HttpContext, route.ValuesOf(request), caller, runs.For(client)));
    }
}
