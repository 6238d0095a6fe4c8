using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Runs;

namespace Tributary.Http.Runs;

/// <summary>A run's output files, listed and streamed (core's <see cref="RunFiles"/>): what `tributary results` and the console download.</summary>
public static class RunFileRoutes
{
    private const string Tag = "results";

    /// <summary>The run file routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("ListRunFiles", "GET", "runs/{id}/files", PipelineOperation.Read, ListAsync,
            "The files a run wrote to its workload's output container (name, bytes, time).", Tag)
        { Answer = typeof(RunFileList), Problems = [404] };
        // `{*name}` (the catch-all of Azure Functions route templates, which ASP.NET Core routing reads alike) takes the file path with its slashes.
        yield return new ApiRoute("GetRunFile", "GET", "runs/{id}/files/{*name}", PipelineOperation.Read, FileAsync,
            "One output file of a run, streamed as an attachment.", Tag)
        { Problems = [400, 404] };
    }

    private static async Task<IResult> ListAsync(ApiCall call) =>
        ApiAnswers.From(await new RunFiles(call.Runs, call.Services.Blobs).ListAsync(call.Route("id"), call.Cancellation).ConfigureAwait(false));

    private static async Task<IResult> FileAsync(ApiCall call)
    {
        var outcome = await new RunFiles(call.Runs, call.Services.Blobs).OpenAsync(call.Route("id"), call.Route("name"), call.Cancellation).ConfigureAwait(false);
        return ApiAnswers.Map(outcome, file => Results.Stream(file.Content, file.ContentType, fileDownloadName: file.Name.Split('/')[^1]));
    }
}
