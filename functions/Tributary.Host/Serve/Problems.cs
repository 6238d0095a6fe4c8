using Microsoft.AspNetCore.Http;

namespace Tributary.Host.Serve;

/// <summary>Problem-details responses that name the offending field, so a client can fix the request.</summary>
internal static class Problems
{
    public static IResult Field(string field, string problem) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, title: $"Invalid request: {field}: {problem}");

    public static IResult Fields(IEnumerable<(string Field, string Problem)> errors)
    {
        var grouped = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
        var first = grouped.First();
        return Results.ValidationProblem(grouped, title: $"Invalid request: {first.Key}: {first.Value[0]}");
    }

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found");

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
