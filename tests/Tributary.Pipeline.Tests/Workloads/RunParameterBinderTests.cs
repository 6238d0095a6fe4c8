using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Workloads;

public sealed class RunParameterBinderTests
{
    private sealed record Knobs(int Count = 1, string? Name = null);

    [Fact]
    public void Absent_or_null_parameters_give_the_defaults_or_the_required_problem()
    {
        var errors = new List<InputError>();
        var defaults = new Knobs(7);

        Assert.Same(defaults, RunParameterBinder.Bind(Request(null), errors, defaults));
        Assert.Same(defaults, RunParameterBinder.Bind(Request("null"), errors, defaults));
        Assert.Empty(errors);

        Assert.Null(RunParameterBinder.Bind<Knobs>(Request(null), errors, defaults: null, required: "needs a profile"));
        Assert.Equal(new InputError("request", 0, "parameters", "needs a profile"), Assert.Single(errors));
    }

    [Fact]
    public void Anything_but_an_object_is_refused_and_a_wrong_type_names_its_field()
    {
        var errors = new List<InputError>();

        Assert.Null(RunParameterBinder.Bind(Request("[1]"), errors, new Knobs()));
        Assert.Null(RunParameterBinder.Bind(Request("""{"count": "many"}"""), errors, new Knobs()));
        Assert.Equal(new Knobs(3, "x"), RunParameterBinder.Bind(Request("""{"count": 3, "name": "x"}"""), errors, new Knobs()));

        Assert.Equal(
            [("parameters", "must be a JSON object"), ("parameters.count", "has the wrong type: expected a whole number")],
            errors.Select(e => (e.Field, e.Problem)));
    }

    private static RunRequest Request(string? json) =>
        new(null, json is null ? null : JsonDocument.Parse(json).RootElement.Clone());
}
