using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Tributary.Pipeline.Access;

namespace Tributary.Http;

/// <summary>
/// One route of the pipeline's HTTP API: its name (the Functions app's function name), method, template under <c>/api/</c>,
/// the operation the access matrix judges, the handler, and what it documents for OpenAPI.
/// </summary>
public sealed record ApiRoute(
    string Name,
    string Method,
    string Template,
    PipelineOperation Operation,
    Func<ApiCall, Task<IResult>> Handler,
    string Summary,
    string Tag)
{
    private readonly TemplateMatcher _matcher = new(TemplateParser.Parse("api/" + Template), new RouteValueDictionary());

    /// <summary>The request body type, when the route reads one (OpenAPI only).</summary>
    public Type? Body { get; init; }

    /// <summary>The type of a successful answer (OpenAPI only).</summary>
    public Type? Answer { get; init; }

    /// <summary>The success status (200 or 202).</summary>
    public int SuccessStatus { get; init; } = StatusCodes.Status200OK;

    /// <summary>The problem statuses the route may answer besides 401/403 (OpenAPI only).</summary>
    public IReadOnlyList<int> Problems { get; init; } = [];

    /// <summary>
    /// True when the body is a raw file (application/octet-stream allowed) rather than JSON: serve's browser guard lets such
    /// bodies through only on these routes.
    /// </summary>
    public bool RawBody { get; init; }

    /// <summary>The path the route answers, as ASP.NET Core routing writes it: <c>/api/runs/{kind}</c>.</summary>
    public string Pattern => "/api/" + Template;

    /// <summary>
    /// The route values of <paramref name="request"/>: those routing put there (serve), else the template matched against the
    /// path (the Functions worker does not always carry them), so both hosts hand handlers the same values.
    /// </summary>
    public RouteValueDictionary ValuesOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new RouteValueDictionary();
        if (request.RouteValues.Count > 0)
        {
            foreach (var (key, value) in request.RouteValues)
            {
                values[key] = value;
            }

            return values;
        }

        TryMatch(request.Path, values);
        return values;
    }

    /// <summary>True when <paramref name="path"/> is this route's, with its values added to <paramref name="values"/>.</summary>
    public bool TryMatch(PathString path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
}
