using Microsoft.Extensions.Configuration;
using Tributary.Host.Serve;
using Tributary.Host.Tests.Cli;

namespace Tributary.Host.Tests.Serve;

/// <summary>Every setting is checked before serve starts: one line per bad value naming its key, exit 2, nothing started.</summary>
public sealed class HostSettingsTests
{
    private static HostSettings Read(params (string Key, string Value)[] values) =>
        HostSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void A_timer_without_its_action_or_with_a_bad_cron_expression_is_a_line_naming_the_key()
    {
        var noAction = Read(("Tributary:Timers:hpi-nightly:Schedule", "* * * * *"));
        var badCron = Read(("Tributary:Timers:t:Schedule", "61 * * * *"), ("Tributary:Timers:t:Action", "recompute"), ("Tributary:Timers:t:Kind", "hpi"));
        var badKind = Read(("Tributary:Timers:t:Schedule", "0 2 * * *"), ("Tributary:Timers:t:Action", "recompute"), ("Tributary:Timers:t:Kind", "hip"));

        Assert.Equal(["Tributary:Timers:hpi-nightly:Action: is missing: one of recompute, purge"], noAction.Errors);
        Assert.StartsWith("Tributary:Timers:t:Schedule: '61 * * * *' is not a cron expression of 5 fields", Assert.Single(badCron.Errors));
        Assert.StartsWith("Tributary:Timers:t:Kind: 'hip' is not a workload", Assert.Single(badKind.Errors));
    }

    [Fact]
    public void Values_that_do_not_parse_are_lines_naming_key_and_value_never_silent_defaults()
    {
        var settings = Read(
            ("Tributary:WatchDrops", "yes"), ("Tributary:DropPollInterval", "soon"), ("Tributary:Durable:PartitionCount", "0"),
            ("Tributary:Urls", "127.0.0.1 7071"), ("Tributary:RunTimers", "false"));

        Assert.Equal(
        [
            "Tributary:Urls: '127.0.0.1 7071' is not an address to listen on, e.g. http://127.0.0.1:7071",
            "Tributary:Durable:PartitionCount: '0' is not a whole number of at least 1",
            "Tributary:DropPollInterval: 'soon' is not a time span above zero such as 00:00:02",
            "Tributary:WatchDrops: 'yes' is not true or false",
        ], settings.Errors);
        Assert.False(settings.RunTimers);
        Assert.Empty(Read(("Tributary:WatchDrops", "False"), ("Tributary:Timers:p:Schedule", "30 3 * * *"), ("Tributary:Timers:p:Action", "purge")).Errors);
    }

    [Fact]
    public void Console_and_pipeline_settings_are_checked_as_strictly_as_the_rest()
    {
        var bad = Read(
            ("Tributary:Console:MaxUploadBytes", "2GB"), ("Tributary:Console:TraceUrl", "jaeger/{traceId}"),
            ("Tributary:Pipeline:MaxPartitionsInFlight", "-1"));
        var good = Read(("Tributary:Console:MaxUploadBytes", "3000000000"), ("Tributary:Pipeline:MaxPartitionsInFlight", "16"), ("Tributary:MissingFileWait", "00:00:05"));

        Assert.Equal(
        [
            "Tributary:Pipeline:MaxPartitionsInFlight: '-1' is not a whole number of at least 1",
            "Tributary:Console:TraceUrl: 'jaeger/{traceId}' is not an absolute URL template such as https://jaeger.example/trace/{traceId}",
            "Tributary:Console:MaxUploadBytes: '2GB' is not a whole number of at least 1",
        ], bad.Errors);
        Assert.Empty(good.Errors);
        Assert.Equal(3_000_000_000L, good.WebConsole.MaxUploadBytes);
        Assert.Equal(16, good.Pipeline.MaxPartitionsInFlight);
        Assert.Equal(TimeSpan.FromSeconds(5), good.Pipeline.MissingFileWait);
    }

    [Theory]
    [InlineData("Tributary__Timers__hpi-nightly__Schedule", "* * * * *", "Tributary:Timers:hpi-nightly:Action: is missing")]
    [InlineData("Tributary__Durable__WorkItemVisibilityTimeout", "forever", "Tributary:Durable:WorkItemVisibilityTimeout: 'forever' is not a time span")]
    public async Task Serve_with_a_bad_setting_exits_2_with_one_line_naming_it_and_starts_nothing(string name, string value, string line)
    {
        var result = await CliProcess.RunAsync(["serve", "--in-memory", "--data", Path.GetTempPath()], environment: new Dictionary<string, string?> { [name] = value });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {line}", Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("Ctrl+C", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }

    [Fact]
    public async Task An_invalid_cron_expression_with_action_and_kind_exits_2_before_serve_starts()
    {
        var result = await CliProcess.RunAsync(["serve", "--in-memory", "--data", Path.GetTempPath()], environment: new Dictionary<string, string?>
        {
            ["Tributary__Timers__hpi-nightly__Schedule"] = "every night",
            ["Tributary__Timers__hpi-nightly__Action"] = "recompute",
            ["Tributary__Timers__hpi-nightly__Kind"] = "hpi",
        });

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Tributary:Timers:hpi-nightly:Schedule: 'every night' is not a cron expression", line);
        Assert.DoesNotContain("Ctrl+C", result.Errors);
    }
}
