using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Workloads;

/// <summary>Binds a run request's <c>parameters</c> object to a workload's parameter type, naming the field of any problem.</summary>
public static class RunParameterBinder
{
    /// <summary>
    /// The bound parameters, or null with an error added. Absent or null parameters give <paramref name="defaults"/> when
    /// there are defaults, else the <paramref name="required"/> problem; anything but an object gives that problem too.
    /// </summary>
    public static T? Bind<T>(RunRequest request, List<InputError> errors, T? defaults, string required = "must be a JSON object")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Parameters is not { ValueKind: not JsonValueKind.Null } json)
        {
            if (defaults is not null)
            {
                return defaults;
            }

            errors.Add(new InputError("request", 0, "parameters", required));
            return null;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new InputError("request", 0, "parameters", required));
            return null;
        }

        errors.AddRange(UnknownKeys.Of<T>(json, "parameters").Select(u => new InputError("request", 0, u.Field, u.Problem)));
        try
        {
            return json.Deserialize<T>(DurableJson.Options) ?? defaults;
        }
        catch (JsonException e)
        {
            errors.Add(new InputError("request", 0, WrongTypeField(e), "has the wrong type" + (JsonErrors.Expected(e, typeof(T)) is { } expected ? $": expected {expected}" : "")));
            return null;
        }
    }

    /// <summary>The field a type mismatch inside <c>parameters</c> is reported on: <c>parameters.startYear</c>, or <c>parameters</c> itself.</summary>
    public static string WrongTypeField(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return "parameters" + (error.Path is { Length: > 1 } path ? path[1..] : "");
    }
}
