using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Reads;

namespace Tributary.Host.Serve;

/// <summary>Problem-details responses that name the offending field, so a client can fix the request.</summary>
internal static class Problems
{
    public static IResult Field(string field, string problem) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, title: ProblemTitles.Invalid(field, problem));

    public static IResult Fields(IEnumerable<(string Field, string Problem)> errors)
    {
        var grouped = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
        var first = grouped.First();
        return Results.ValidationProblem(grouped, title: ProblemTitles.Invalid(first.Key, first.Value[0]));
    }

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound(what));

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult Forbidden(string refusal) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refusal);

    /// <summary>The HTTP answer to a core read or change: 200 with the value, or the problem it came to.</summary>
    public static IResult From<T>(ReadOutcome<T> outcome) =>
        outcome.Match<IResult>(value => Results.Ok(value), NotFound, Field, Conflict, Forbidden);
}
