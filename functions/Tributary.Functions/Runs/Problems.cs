using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Tributary.Functions.Runs;

/// <summary>RFC 7807 answers with the same wording as the self-hosted API: a bad field is named, with what is wrong.</summary>
public static class Problems
{
    public static IActionResult Field(string field, string problem) => Fields([(field, problem)]);

    public static IActionResult Fields(IEnumerable<(string Field, string Problem)> errors) =>
        new BadRequestObjectResult(new ValidationProblemDetails(errors
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
        });

    public static IActionResult NotFound(string what) =>
        new NotFoundObjectResult(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"{what} does not exist" });

    public static IActionResult Conflict(string detail) =>
        new ConflictObjectResult(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });
}
