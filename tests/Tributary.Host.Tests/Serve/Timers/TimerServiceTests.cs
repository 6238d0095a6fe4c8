using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Host.Serve;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Schedules;
using Tributary.Host.Serve.Timers;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve.Timers;

/// <summary>What a timer does when it fires: recompute the latest processed drop once per occurrence, and purge old runs.</summary>
public sealed class TimerServiceTests
{
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task Recompute_reruns_the_latest_processed_drop_once_per_occurrence()
    {
        var backend = TestBackend.InMemory();
        await using var host = await HostHarness.StartAsync(backend, _ => [_tally]);
        var trigger = new BlobRef("tally-requests", "nightly.json");
        await backend.Blobs.WriteAsync(trigger, new MemoryStream("""{"parts": 4}"""u8.ToArray()), default);
        var dropRun = await host.WaitAsync(await DropScanner.RunIdAsync(backend.Blobs, "tally", _tally.Drop!, trigger, default));
        Assert.Equal(RuntimeStatus.Completed, dropRun.RuntimeStatus);

        var timers = new TimerService(host.Runtime, new HostSettings(), new TimerBoard(), NullLogger<TimerService>.Instance);
        var nightly = new TimerSettings("tally-nightly", "0 2 * * *", TimerSettings.Recompute, "tally");
        var first = await timers.FireAsync(nightly, Occurrence, default);
        var again = await timers.FireAsync(nightly, Occurrence, default);

        const string expectedId = "timer-tally-nightly-202611240200";
        Assert.StartsWith($"started {expectedId}", first);
        Assert.Contains("tally-requests/nightly.json", first);
        Assert.StartsWith($"already started {expectedId}", again);
        var recomputed = await host.WaitAsync(expectedId);
        Assert.Equal(RuntimeStatus.Completed, recomputed.RuntimeStatus);
        Assert.Equal(dropRun.Output!.Value.GetProperty("total").GetInt32(), recomputed.Output!.Value.GetProperty("total").GetInt32());
        Assert.Equal(2, (await host.RunsAsync("tally")).Count);
    }

    [Fact]
    public async Task Recompute_with_no_processed_drop_or_unknown_kind_starts_nothing_and_says_why()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        var timers = new TimerService(host.Runtime, new HostSettings(), new TimerBoard(), NullLogger<TimerService>.Instance);

        var noDrop = await timers.FireAsync(new TimerSettings("t", "0 2 * * *", TimerSettings.Recompute, "tally"), Occurrence, default);
        var unknown = await timers.FireAsync(new TimerSettings("u", "0 2 * * *", TimerSettings.Recompute, "nope"), Occurrence, default);

        Assert.Equal("skipped: no processed drop yet", noDrop);
        Assert.StartsWith("skipped: no workload 'nope'", unknown);
        Assert.Empty(await host.RunsAsync());
    }

    [Fact]
    public async Task Purge_deletes_finished_runs_older_than_the_retention_and_keeps_newer_ones()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        await host.Runtime.Runs.StartForEventAsync("tally", "old-run", new RunRequest(null, System.Text.Json.JsonDocument.Parse("""{"parts": 2}""").RootElement), default);
        var finished = await host.WaitAsync("old-run");
        Assert.Equal(RuntimeStatus.Completed, finished.RuntimeStatus);
        var created = finished.CreatedTime;
        var timers = new TimerService(host.Runtime, new HostSettings(), new TimerBoard(), NullLogger<TimerService>.Instance);

        var keep = await timers.FireAsync(new TimerSettings("p", "30 3 * * *", TimerSettings.Purge, RetentionDays: 30), created.AddDays(29), default);
        Assert.StartsWith("purged 0 run(s) older than 30 days (break work people did was archived to recon-archive/<run>/breaks.json first)", keep);
        Assert.NotNull(await host.Runtime.Runs.FindAsync("old-run", false, default));

        var purge = await timers.FireAsync(new TimerSettings("p", "30 3 * * *", TimerSettings.Purge, RetentionDays: 30), created.AddDays(31), default);
        Assert.StartsWith("purged 1 run(s) older than 30 days", purge);
        Assert.Null(await host.Runtime.Runs.FindAsync("old-run", false, default));
    }

    [Fact]
    public void An_invalid_schedule_is_reported_with_the_timer_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TimerService.Parse(new TimerSettings("nightly", "every night", TimerSettings.Purge)));
        Assert.Contains("timer nightly", e.Message);
        Assert.Contains("every night", e.Message);
    }
}
