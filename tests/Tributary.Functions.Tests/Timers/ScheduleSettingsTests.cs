using Microsoft.Extensions.Configuration;
using Tributary.Functions.Timers;
using Tributary.Pipeline.Schedules;

namespace Tributary.Functions.Tests.Timers;

/// <summary>What the timers do comes from app settings, with core's defaults when they are absent.</summary>
public sealed class ScheduleSettingsTests
{
    [Fact]
    public void Without_settings_the_timers_are_cores_defaults()
    {
        var settings = ScheduleSettings.From(new ConfigurationBuilder().Build());

        Assert.Equal(TimerSettings.Defaults.Single(t => t.Name == "hpi-nightly"), settings.Recompute);
        Assert.Equal(TimerSettings.Defaults.Single(t => t.Name == TimerSettings.ForecastNightly), settings.ForecastRecompute);
        Assert.Equal(("recompute", "forecast"), (settings.ForecastRecompute.Action, settings.ForecastRecompute.Kind));
        Assert.Equal(TimerSettings.Defaults.Single(t => t.Action == TimerSettings.Purge), settings.Purge);
    }

    [Fact]
    public void Kind_and_retention_come_from_app_settings_and_a_bad_retention_is_refused()
    {
        var settings = ScheduleSettings.From(Config(("RecomputeKind", "recon"), ("RetentionDays", "7")));

        Assert.Equal("recon", settings.Recompute.Kind);
        Assert.Equal(7, settings.Purge.RetentionDays);
        Assert.Throws<InvalidOperationException>(() => ScheduleSettings.From(Config(("RetentionDays", "-1"))));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
