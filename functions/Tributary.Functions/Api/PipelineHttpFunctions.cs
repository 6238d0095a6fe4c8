using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Tributary.Functions.Api;

/// <summary>
/// One HTTP function per route of core's table, named as the route: the Functions host needs a method and an attribute per
/// route, so they are written from the table as the app builds (functions/Tributary.Functions.Bindings), each a one-line
/// delegation. A test checks each function's name, method and route against the table.
/// </summary>
public sealed partial class PipelineHttpFunctions(FunctionsApi api)
{
    private Task<IResult> HandleAsync(string name, HttpRequest request, DurableTaskClient client) => api.HandleAsync(name, request, client);
}
