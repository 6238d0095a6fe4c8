using Tributary.Http.Access;
using Tributary.Http.Drops;
using Tributary.Http.Forecast;
using Tributary.Http.Reconciliation;
using Tributary.Http.Generation;
using Tributary.Http.Hpi;
using Tributary.Http.Runs;

namespace Tributary.Http;

/// <summary>
/// The route table both hosts bind: serve maps each route to a minimal-API endpoint, the Functions app has one HTTP function
/// per route, named as the route, that delegates here. A new route is one entry in a feature's list (and, in the Functions
/// app, one delegating method that a test checks against this table). Health and `/metrics` stay with each host: they report the host.
/// </summary>
public static class PipelineApi
{
    /// <summary>Every route, by name.</summary>
    public static IReadOnlyDictionary<string, ApiRoute> Routes { get; } =
        RunRoutes.All()
            .Concat(RunFileRoutes.All())
            .Concat(CallerRoutes.All())
            .Concat(HpiRoutes.All())
            .Concat(GenerationRoutes.All())
            .Concat(BreakRoutes.All())
            .Concat(BulkBreakRoutes.All())
            .Concat(SuggestionRoutes.All())
            .Concat(ForecastRoutes.All())
            .Concat(DropRoutes.All())
            .Concat(DropUploadRoutes.All())
            .Select(DependencyProblems.Guarded)
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
}
