using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Uploads;

namespace Tributary.Http.Drops;

/// <summary>`PUT /api/drops/{kind}/{*path}`: one file streamed into a drop folder (core's <see cref="DropUpload"/>); the trigger starts the run.</summary>
public static class DropUploadRoutes
{
    /// <summary>The upload route.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("UploadDropFile", "PUT", "drops/{kind}/{*path}", PipelineOperation.StartRun, UploadAsync,
            "Upload one file of a drop (body application/octet-stream or application/json, streamed, capped); the folder's manifest.json (or a gen request file) last starts the run and the answer names it.", "drops")
        { Answer = typeof(DropUploaded), SuccessStatus = StatusCodes.Status201Created, Problems = [400, 413], RawBody = true };
    }

    private static async Task<IResult> UploadAsync(ApiCall call)
    {
        var limits = call.Http.RequestServices.GetRequiredService<IOptions<UploadLimits>>().Value;
        var upload = new DropUpload(call.Runs, call.Services.Blobs, limits.MaxUploadBytes);
        if (upload.LengthProblem(call.Request.ContentLength) is { } tooLong)
        {
            return TooLarge(tooLong);
        }

        // serve's Kestrel cap for JSON bodies is far below a drop's files: this route's own cap replaces it (the Functions
        // host has no such feature; its platform caps requests at 100 MB).
        if (call.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = upload.MaxBytes;
        }

        var kind = call.Route("kind");
        var path = call.Route("path");
        try
        {
            return ApiAnswers.Map(
                await upload.UploadAsync(kind, path, call.Request.Body, call.Cancellation).ConfigureAwait(false),
                uploaded => Results.Created($"/api/drops/{Uri.EscapeDataString(kind)}/{path}", uploaded));
        }
        catch (DropTooLargeException e)
        {
            return TooLarge(e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(e.Message);
        }
    }

    private static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: detail);
}
