using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Drops;
using Tributary.Http;
using Tributary.Pipeline.Reads;

namespace Tributary.Host.Serve.WebConsole;

/// <summary>
/// The reads the console (and `tributary results`) needs beyond the original API, thin over core: who am I, a run's output
/// files, one break, the quarantine reports, a run's per-partition timeline.
/// </summary>
internal static class ConsoleApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (HttpContext context, CallerReader callers) => Results.Ok(CallerView.Of(callers.Of(context))))
            .WithTags("console")
            .WithSummary("The caller: name, how it authenticated, its roles and the operations it may perform.")
            .Produces<CallerView>()
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/runs/{id}/files", ListFilesAsync)
            .WithTags("results")
            .WithSummary("The files a run wrote to its workload's output container (name, bytes, time).")
            .Produces<RunFileList>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/runs/{id}/files/{**name}", FileAsync)
            .WithTags("results")
            .WithSummary("One output file of a run, streamed as an attachment.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/recon/{runId}/breaks/{breakId}", BreakAsync)
            .WithTags("results")
            .WithSummary("One break of a reconciliation run, with its history.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/drops/quarantined", QuarantinedAsync)
            .WithTags("drops")
            .WithSummary("The newest quarantine reports with their text and the run that rejected each drop.")
            .Produces<QuarantineView>()
            .Requires(PipelineOperation.Read);
    }

    private static async Task<IResult> ListFilesAsync(string id, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        ApiAnswers.From(await new RunFiles(runtime.Runs, runtime.Services.Blobs).ListAsync(id, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> FileAsync(string id, string name, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var outcome = await new RunFiles(runtime.Runs, runtime.Services.Blobs).OpenAsync(id, name, cancellationToken).ConfigureAwait(false);
        return outcome.Match(
            file => Results.Stream(file.Content, file.ContentType, fileDownloadName: file.Name.Split('/')[^1]),
            ApiAnswers.NotFound,
            ApiAnswers.Field,
            ApiAnswers.Conflict);
    }

    private static async Task<IResult> BreakAsync(string runId, string breakId, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        ApiAnswers.From(await new BreakLookup(runtime.Services.Documents).ReadAsync(runId, breakId, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> QuarantinedAsync(PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Results.Ok(await QuarantineReports.ListAsync(runtime.Services.Blobs, cancellationToken).ConfigureAwait(false));
}
