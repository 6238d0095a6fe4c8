using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Functions.Access;
using Tributary.Functions.Api;
using Tributary.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Tests.Support;

/// <summary>
/// Calls the app's HTTP functions as the Functions host does: finds the function whose route matches the request, invokes its
/// method with the request and the Durable client, and writes the answer to a response with the app's HTTP services.
/// </summary>
internal sealed class FunctionsHttp(PipelineHttpFunctions functions, DurableTaskClient client)
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddPipelineHttp().BuildServiceProvider();

    /// <summary>The answer to <paramref name="method"/> <paramref name="pathAndQuery"/> (e.g. "/api/runs?kind=gen").</summary>
    public async Task<HttpAnswer> SendAsync(string method, string pathAndQuery, string? body = null, Caller? caller = null)
    {
        var context = Http.Context(method, pathAndQuery, body);
        context.RequestServices = Services;
        if (caller is not null)
        {
            context.Items[FunctionGateMiddleware.CallerKey] = caller;
        }

        var route = PipelineApi.Routes.Values.Single(r => r.Method == method && r.TryMatch(context.Request.Path, new RouteValueDictionary()));
        var function = typeof(PipelineHttpFunctions).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == route.Name);
        var result = await (Task<IResult>)function.Invoke(functions, [context.Request, client])!;
        await result.ExecuteAsync(context);
        return HttpAnswer.Of(context.Response);
    }
}

/// <summary>A response as a client sees it: status, headers and body text.</summary>
internal sealed record HttpAnswer(int Status, IHeaderDictionary Headers, string Body)
{
    public static HttpAnswer Of(HttpResponse response)
    {
        response.Body.Position = 0;
        return new HttpAnswer(response.StatusCode, response.Headers, new StreamReader(response.Body, Encoding.UTF8).ReadToEnd());
    }

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The body as a value of <typeparamref name="T"/>, read with the web defaults (camelCase, enums as names).</summary>
    public T As<T>() => JsonSerializer.Deserialize<T>(Body, Options)!;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
