using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Tests.Support;

/// <summary>An outcome flattened for assertions: which case it is and its strings.</summary>
internal sealed record Outcome<T>(string Case, T? Value, string? Field, string? Text)
{
    public static Outcome<T> Of(RequestOutcome<T> outcome) => outcome.Match(
        value => new Outcome<T>("found", value, null, null),
        what => new Outcome<T>("missing", default, null, what),
        (field, problem) => new Outcome<T>("invalid", default, field, problem),
        detail => new Outcome<T>("conflict", default, null, detail),
        refusal => new Outcome<T>("forbidden", default, null, refusal));
}
