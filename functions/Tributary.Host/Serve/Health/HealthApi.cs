using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Drops;
using Tributary.Host.Serve.Security;
using Tributary.Host.Serve.Timers;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve.Health;

/// <summary>
/// GET /api/health: to anyone, liveness only (the process answers); to a reader, every dependency probed now, the drop
/// watcher and each timer's last and next run. Anonymous callers get no probes, so they cannot make the host hammer its stores.
/// </summary>
internal static class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/health", CheckAsync)
            .WithTags("health")
            .WithSummary("Liveness to anyone; with a reader credential, each dependency (probed now), the drop watcher, each timer's last and next run. 503 when a dependency fails.")
            .Produces<HealthReport>()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();

    private static async Task<IResult> CheckAsync(
        HttpContext context, CallerReader callers, PipelineRuntime runtime, IReadOnlyDictionary<string, IWorkload> workloads, TimerBoard timers, DropBoard drops,
        CancellationToken cancellationToken)
    {
        if (!callers.Of(context).May(PipelineOperation.Read))
        {
            return Results.Ok(new Liveness("Alive", "send a reader credential (X-Api-Key) for the dependencies, drops and timers"));
        }

        var dependencies = await Task.WhenAll(runtime.Backend.Checks.Select(c => ProbeAsync(c, cancellationToken))).ConfigureAwait(false);
        var healthy = dependencies.All(d => d.Healthy);
        var report = new HealthReport(
            healthy ? "Healthy" : "Unhealthy",
            runtime.Backend.Description,
            workloads.Keys.Order().ToList(),
            runtime.TaskHubDescription,
            dependencies,
            drops.Last,
            timers.All);
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<DependencyHealth> ProbeAsync(DependencyCheck check, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await check.Probe(timeout.Token).ConfigureAwait(false);
            return new DependencyHealth(check.Name, check.Target, true, null, watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            var problem = e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : e.Message;
            return new DependencyHealth(check.Name, check.Target, false, problem, watch.Elapsed.TotalMilliseconds);
        }
    }
}

/// <summary>The health page.</summary>
public sealed record HealthReport(
    string Status,
    string Backend,
    IReadOnlyList<string> Workloads,
    string TaskHub,
    IReadOnlyList<DependencyHealth> Dependencies,
    DropScanStatus Drops,
    IReadOnlyList<TimerStatus> Timers);

/// <summary>The health page anonymous callers get: the process answers.</summary>
public sealed record Liveness(string Status, string Detail);

/// <summary>One dependency's probe result.</summary>
public sealed record DependencyHealth(string Name, string Target, bool Healthy, string? Problem, double Milliseconds);
