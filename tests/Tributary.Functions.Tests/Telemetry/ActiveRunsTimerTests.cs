using System.Diagnostics.Metrics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tributary.Functions.Telemetry;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Functions.Tests.Telemetry;

/// <summary>`tributary_runs_active` in the Functions app: the timer counts the task hub's unfinished runs, the gauge reports them.</summary>
public sealed class ActiveRunsTimerTests
{
    [Fact]
    public async Task The_timer_counts_unfinished_runs_by_workload_and_the_gauge_reports_them()
    {
        await using var host = await FunctionsHost.StartAsync();
        // Two gen runs that stay Pending (scheduled an hour ahead) and one forecast run; none of hpi or recon.
        foreach (var (kind, id) in new[] { ("gen", "gen-later-1"), ("gen", "gen-later-2"), ("forecast", "forecast-later") })
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(kind), null, new StartOrchestrationOptions(id, DateTimeOffset.UtcNow.AddHours(1)));
        }

        var counter = new ActiveRunCounter(host.Workloads.Keys);
        using var provider = new ServiceCollection().AddSingleton(counter).AddHostedService<ActiveRunsGauge>().BuildServiceProvider();
        var gauge = provider.GetServices<IHostedService>().Single();
        await gauge.StartAsync(default);
        Assert.Empty(Observe());

        await new ActiveRunsTimer(counter).CountAsync(null!, host.Client, default);
        var seen = Observe();
        await gauge.StopAsync(default);

        Assert.Equal(new Dictionary<string, long> { ["forecast"] = 1, ["gen"] = 2, ["hpi"] = 0, ["recon"] = 0 }, seen);
        Assert.Empty(Observe());
    }

    // One collection of the gauge, as an exporter does: workload → value (this test's source only; serve registers none here).
    private static Dictionary<string, long> Observe()
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name && instrument.Name == "tributary.runs.active")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "workload")
                {
                    seen[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
