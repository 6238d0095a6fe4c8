using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Http;

namespace Tributary.Host.Serve;

/// <summary>Binds core's route table (<see cref="PipelineApi"/>) to minimal-API endpoints, each behind its operation's policy.</summary>
internal static class PipelineEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var route in PipelineApi.Routes.Values)
        {
            var endpoint = app.MapMethods(
                    route.Pattern,
                    [route.Method],
                    (HttpContext context, PipelineRuntime runtime, CallerReader callers) =>
                        route.Handler(new ApiCall(context, route.ValuesOf(context.Request), callers.Of(context), runtime.Runs)))
                .WithName(route.Name)
                .WithTags(route.Tag)
                .WithSummary(route.Summary)
                .WithMetadata(route)
                .Requires(route.Operation);
            Describe(endpoint, route);
        }
    }

    // OpenAPI only: what the route reads and answers.
    private static void Describe(RouteHandlerBuilder endpoint, ApiRoute route)
    {
        if (route.Body is { } body)
        {
            endpoint.Accepts(body, "application/json");
        }

        endpoint.Produces(route.SuccessStatus, route.Answer);
        foreach (var status in route.Problems)
        {
            if (status == StatusCodes.Status400BadRequest)
            {
                endpoint.ProducesValidationProblem();
            }
            else
            {
                endpoint.ProducesProblem(status);
            }
        }
    }
}
