using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Runs;

public sealed class RunInputDifferenceTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunState Stored(string kind, RunRequest request) =>
        new("hpi-r1", kind, RuntimeStatus.Completed, JsonSerializer.Serialize(request, DurableJson.Options), null, null, null, At, At);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void The_same_request_again_differs_in_nothing_whatever_the_key_order_of_equal_parameters()
    {
        var request = new RunRequest(new BlobFolder("hpi-drop", "a/"), Json("""{"cbsas":3}"""));

        Assert.Null(RunInputDifference.Of(Stored("hpi", request), "hpi", request with { Parameters = Json("""{"cbsas":3}""") }));
    }

    [Fact]
    public void Another_kind_is_named_first()
    {
        var request = new RunRequest(null, null);

        Assert.Equal("kind is hpi, not gen", RunInputDifference.Of(Stored("hpi", request), "gen", request));
    }

    [Fact]
    public void Another_source_names_both_folders()
    {
        var stored = new RunRequest(new BlobFolder("hpi-drop", "a/"), null);

        Assert.Equal("source is hpi-drop/a/, not none", RunInputDifference.Of(Stored("hpi", stored), "hpi", stored with { Source = null }));
    }

    [Fact]
    public void Other_parameters_are_shown_both_ways_and_shortened_past_80_characters()
    {
        var stored = new RunRequest(null, Json("""{"seed":1}"""));
        var longer = Json($$"""{"seed":2,"note":"{{new string('x', 100)}}"}""");

        var difference = RunInputDifference.Of(Stored("gen", stored), "gen", stored with { Parameters = longer });

        Assert.NotNull(difference);
        Assert.StartsWith("parameters are {\"seed\":1}, not {\"seed\":2,", difference);
        Assert.EndsWith("...", difference);
        Assert.True(difference.Length < 120, difference);
    }
}
