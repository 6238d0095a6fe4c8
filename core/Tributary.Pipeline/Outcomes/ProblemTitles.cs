namespace Tributary.Pipeline.Outcomes;

/// <summary>Titles of the problem answers, shared so both hosts word a 400 or a 404 the same way.</summary>
public static class ProblemTitles
{
    /// <summary>Title of a validation problem: the field and what is wrong with it.</summary>
    public static string Invalid(string field, string problem) => $"Invalid request: {field}: {problem}";

    /// <summary>Title of a 404.</summary>
    public static string NotFound(string what) => $"{what} was not found";
}
