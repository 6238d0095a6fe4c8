using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Http;

/// <summary>
/// The one mapping from core's outcomes to HTTP answers (RFC 9457 problem details with core's wording): a bad field is named
/// with what is wrong, a missing resource is a 404, a refused change a 409, a role refusal a 403.
/// </summary>
public static class ApiAnswers
{
    /// <summary>400 naming one field.</summary>
    public static IResult Field(string field, string problem) => Fields([(field, problem)]);

    /// <summary>400 naming every bad field; the title quotes the first.</summary>
    public static IResult Fields(IEnumerable<(string Field, string Problem)> errors)
    {
        var grouped = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
        var first = grouped.First();
        return Results.ValidationProblem(grouped, title: ProblemTitles.Invalid(first.Key, first.Value[0]));
    }

    /// <summary>404 naming what was not found.</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound(what));

    /// <summary>409 saying why the change was refused.</summary>
    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>403 naming the role that is missing.</summary>
    public static IResult Forbidden(string refusal) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refusal);

    /// <summary>413 quoting the cap.</summary>
    public static IResult TooLarge(long maxBytes) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: $"the body may be at most {maxBytes:N0} bytes");

    /// <summary>200 with the value, or the problem the outcome came to.</summary>
    public static IResult From<T>(RequestOutcome<T> outcome) =>
        Map(outcome, value => Results.Ok(value));

    /// <summary>The answer of <paramref name="found"/> for a value, or the problem the outcome came to.</summary>
    public static IResult Map<T>(RequestOutcome<T> outcome, Func<T, IResult> found)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Match(found, NotFound, Field, Conflict, Forbidden);
    }
}
