using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;
using Tributary.Pipeline.Schedules;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>One schedule per timer for both hosts: the Functions app's NCRONTAB app settings are serve's 5-field defaults with seconds added.</summary>
[Collection(InfraCollection.Name)]
public sealed class TimerScheduleTests(InfraTemplates infra)
{
    [Fact]
    public void Every_default_timer_has_the_same_schedule_in_bicep_dev_prod_and_the_local_sample()
    {
        Assert.Equal(["ForecastNightlySchedule", "HpiNightlySchedule", "PurgeDailySchedule"], TimerSettings.Defaults.Select(t => t.FunctionsScheduleSetting).Order());
        foreach (var timer in TimerSettings.Defaults)
        {
            Assert.Equal(timer.Ncrontab, infra.Dev.AppSettings()[timer.FunctionsScheduleSetting]);
            Assert.Equal(timer.Ncrontab, infra.Prod.AppSettings()[timer.FunctionsScheduleSetting]);
            Assert.Equal(timer.Ncrontab, HostSettingsTests.LocalValues[timer.FunctionsScheduleSetting]!.GetValue<string>());
        }
    }

    [Fact]
    public void Each_functions_timer_trigger_reads_the_setting_of_its_default_timer()
    {
        var triggers = typeof(Functions.Timers.ScheduledRuns).GetMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.TimerTriggerAttribute), false).OfType<Microsoft.Azure.Functions.Worker.TimerTriggerAttribute>().FirstOrDefault())
            .OfType<Microsoft.Azure.Functions.Worker.TimerTriggerAttribute>()
            .Select(t => t.Schedule)
            .Order();

        Assert.Equal(TimerSettings.Defaults.Select(t => $"%{t.FunctionsScheduleSetting}%").Order(), triggers);
    }
}
