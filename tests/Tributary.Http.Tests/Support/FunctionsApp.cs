using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Functions.Access;
using Tributary.Functions.Api;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Access;

namespace Tributary.Http.Tests.Support;

/// <summary>
/// The Functions app's HTTP side in process: each request goes through the app's gate middleware, then to the HTTP function
/// whose route matches (found by its [Function] attribute), invoked with the request and a Durable client, as the host does.
/// </summary>
internal sealed class FunctionsApp(FunctionGate gate, RunServices runs, DurableTaskClient client)
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddPipelineHttp().BuildServiceProvider();

    private readonly PipelineHttpFunctions _functions = new(new FunctionsApi(runs));

    /// <summary>The status, content type and body of <paramref name="method"/> <paramref name="pathAndQuery"/> sent with <paramref name="apiKey"/>.</summary>
    public async Task<(int Status, string Body)> SendAsync(string method, string pathAndQuery, string? body, string? apiKey)
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("tributary.test");
        http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        http.Request.QueryString = new QueryString(query < 0 ? "" : pathAndQuery[query..]);
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        if (body is not null)
        {
            http.Request.ContentType = "application/json";
        }

        if (apiKey is not null)
        {
            http.Request.Headers[ApiKey.Header] = apiKey;
        }

        http.Response.Body = new MemoryStream();
        // As the host's router does: of the routes that match, the most specific (`runs/{id}/files` before `runs/{id}/files/{*name}`).
        var route = PipelineApi.Routes.Values
            .Where(r => r.Method == method && r.TryMatch(http.Request.Path, new RouteValueDictionary()))
            .OrderBy(r => RoutePrecedence.ComputeInbound(TemplateParser.Parse(r.Pattern.TrimStart('/'))))
            .First();
        var function = typeof(PipelineHttpFunctions).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == route.Name);
        await new FunctionGateMiddleware(gate).Invoke(new HttpFunctionContext(route.Name, http), async _ =>
        {
            var result = await (Task<IResult>)function.Invoke(_functions, [http.Request, client])!;
            await result.ExecuteAsync(http);
        });
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
