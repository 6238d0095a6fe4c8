using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Http;

/// <summary>What a route handler gets, whichever host calls it: the request, its route values, the caller and the run service.</summary>
public sealed class ApiCall(HttpContext http, RouteValueDictionary route, Caller? caller, RunService runs)
{
    /// <summary>The HTTP exchange.</summary>
    public HttpContext Http { get; } = http;

    /// <summary>The request.</summary>
    public HttpRequest Request => Http.Request;

    /// <summary>The authenticated caller; null only on anonymous routes.</summary>
    public Caller? Caller { get; } = caller;

    /// <summary>Runs over this host's task hub.</summary>
    public RunService Runs { get; } = runs;

    /// <summary>The ports the workloads run on.</summary>
    public PipelineServices Services => Runs.Services;

    /// <summary>The workloads by kind.</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads => Runs.Workloads;

    /// <summary>The request's cancellation.</summary>
    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>A route value by name (empty when absent, which the template makes impossible).</summary>
    public string Route(string name) => route.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";

    /// <summary>A query parameter, or null when absent or empty.</summary>
    public string? Query(string name)
    {
        var value = Request.Query[name].ToString();
        return value.Length > 0 ? value : null;
    }

    /// <summary>The request's base for links: scheme and host.</summary>
    public string Origin => $"{Request.Scheme}://{Request.Host}";
}
