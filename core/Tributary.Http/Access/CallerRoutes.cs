using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Http.Access;

/// <summary>`GET /api/me`: who the host thinks the caller is, so a console shows only the actions the caller's roles allow.</summary>
public static class CallerRoutes
{
    /// <summary>The caller route.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetCaller", "GET", "me", PipelineOperation.Read, call => Task.FromResult(Results.Ok(CallerView.Of(call.Caller!))),
            "The caller: name, how it authenticated, its roles and the operations it may perform.", "console")
        { Answer = typeof(CallerView) };
    }
}
