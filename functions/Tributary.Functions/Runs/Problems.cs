using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Tributary.Pipeline.Reads;

namespace Tributary.Functions.Runs;

/// <summary>RFC 7807 answers with the same wording as the self-hosted API (core's ProblemTitles): a bad field is named, with what is wrong.</summary>
public static class Problems
{
    public static IActionResult Field(string field, string problem) => Fields([(field, problem)]);

    public static IActionResult Fields(IEnumerable<(string Field, string Problem)> errors)
    {
        var grouped = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
        var first = grouped.First();
        return new BadRequestObjectResult(new ValidationProblemDetails(grouped)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = ProblemTitles.Invalid(first.Key, first.Value[0]),
        });
    }

    public static IActionResult NotFound(string what) =>
        new NotFoundObjectResult(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = ProblemTitles.NotFound(what) });

    public static IActionResult Conflict(string detail) =>
        new ConflictObjectResult(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });

    public static IActionResult TooLarge(int maxBytes) =>
        new ObjectResult(new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Request body too large",
            Detail = $"the body may be at most {maxBytes:N0} bytes",
        })
        { StatusCode = StatusCodes.Status413PayloadTooLarge };

    public static IActionResult Forbidden(string refusal) =>
        new ObjectResult(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = refusal }) { StatusCode = StatusCodes.Status403Forbidden };

    /// <summary>The HTTP answer to a core read or change: 200 with the value, or the problem it came to.</summary>
    public static IActionResult From<T>(ReadOutcome<T> outcome) =>
        outcome.Match<IActionResult>(value => new OkObjectResult(value), NotFound, Field, Conflict, Forbidden);
}
