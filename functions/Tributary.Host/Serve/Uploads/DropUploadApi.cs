using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Http;
using Tributary.Pipeline.Uploads;

namespace Tributary.Host.Serve.Uploads;

/// <summary>`PUT /api/drops/{kind}/{**path}`: one file streamed into a drop folder (core's <see cref="DropUpload"/>); the trigger starts the run.</summary>
internal static class DropUploadApi
{
    public static void Map(IEndpointRouteBuilder app, long maxBytes) =>
        app.MapPut("/api/drops/{kind}/{**path}", (string kind, string path, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken) =>
                UploadAsync(kind, path, request, new DropUpload(runtime.Runs, runtime.Services.Blobs, maxBytes), cancellationToken))
            .WithTags("drops")
            .WithSummary("Upload one file of a drop (body application/octet-stream or application/json, streamed, capped); the folder's manifest.json (or a gen request file) last starts the run and the answer names it.")
            .Produces<DropUploaded>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RawBodyUpload())
            .Requires(PipelineOperation.StartRun);

    private static async Task<IResult> UploadAsync(string kind, string path, HttpRequest request, DropUpload upload, CancellationToken cancellationToken)
    {
        if (upload.LengthProblem(request.ContentLength) is { } tooLong)
        {
            return TooLarge(tooLong);
        }

        // Kestrel's cap for JSON bodies is far below a drop's files: this route's own cap replaces it.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = upload.MaxBytes;
        }

        try
        {
            return (await upload.UploadAsync(kind, path, request.Body, cancellationToken).ConfigureAwait(false)).Match(
                uploaded => Results.Created($"/api/drops/{Uri.EscapeDataString(kind)}/{path}", uploaded),
                ApiAnswers.NotFound,
                ApiAnswers.Field,
                ApiAnswers.Conflict);
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

/// <summary>Marks a route whose body is a raw file (application/octet-stream), which the JSON-only guard lets through.</summary>
internal sealed class RawBodyUpload;
