using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Api;

namespace Tributary.Http.Tests;

/// <summary>The Functions app's HTTP functions are the route table: one per route, with the route's name, method and template.</summary>
public sealed class RouteTableTests
{
    [Fact]
    public void Each_route_has_one_function_with_its_name_method_and_template_and_no_function_is_extra()
    {
        var functions = typeof(PipelineHttpFunctions).GetMethods()
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)))
            .Where(f => f.Function is not null)
            .Select(f => $"{f.Function!.Name} {string.Join(",", f.Trigger!.Methods!).ToUpperInvariant()} {f.Trigger.Route}")
            .Order()
            .ToList();

        var routes = PipelineApi.Routes.Values.Select(r => $"{r.Name} {r.Method} {r.Template}").Order().ToList();

        Assert.Equal(routes, functions);
    }

    [Fact]
    public void Route_names_and_method_template_pairs_are_unique()
    {
        var pairs = PipelineApi.Routes.Values.Select(r => (r.Method, r.Template)).ToList();

        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }
}
