namespace Tributary.Pipeline.Outcomes;

/// <summary>
/// What a read or a break status change came to, independent of the host: a value, a missing resource, a bad field, or
/// a refused change. Each host maps it to its own HTTP response, so both answer the same requests the same way.
/// </summary>
public sealed class RequestOutcome<T>
{
    private readonly T? _value;
    private readonly string? _missing;
    private readonly string? _field;
    private readonly string? _detail;
    private readonly string? _forbidden;

    private RequestOutcome(T? value, string? missing, string? field, string? detail, string? forbidden = null)
    {
        _value = value;
        _missing = missing;
        _field = field;
        _detail = detail;
        _forbidden = forbidden;
    }

    /// <summary>The read found its value.</summary>
    public static RequestOutcome<T> Found(T value) => new(value, null, null, null);

    /// <summary>The resource does not exist; <paramref name="what"/> describes it ("generation run r1").</summary>
    public static RequestOutcome<T> Missing(string what) => new(default, what, null, null);

    /// <summary>A request field is invalid; names the field and what is wrong with it.</summary>
    public static RequestOutcome<T> Invalid(string field, string problem) => new(default, null, field, problem);

    /// <summary>The change conflicts with the resource's state (a refused transition or a lost ETag race).</summary>
    public static RequestOutcome<T> Conflict(string detail) => new(default, null, null, detail);

    /// <summary>The caller is authenticated but lacks the role this change needs (403); says which role.</summary>
    public static RequestOutcome<T> Forbidden(string refusal) => new(default, null, null, null, refusal);

    /// <summary>Maps the outcome with the function of its case; <paramref name="forbidden"/> is required where a change checks roles.</summary>
    public TResult Match<TResult>(
        Func<T, TResult> found, Func<string, TResult> missing, Func<string, string, TResult> invalid, Func<string, TResult> conflict,
        Func<string, TResult>? forbidden = null) =>
        _forbidden is not null ? (forbidden ?? throw new InvalidOperationException($"a refusal was not mapped: {_forbidden}"))(_forbidden)
        : _missing is not null ? missing(_missing)
        : _field is not null ? invalid(_field, _detail!)
        : _detail is not null ? conflict(_detail)
        : found(_value!);
}
