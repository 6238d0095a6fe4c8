using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Tributary.Host.Runtime;
using Tributary.Local.Emulators;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// `runs-list --seed direct`: writes the task hub's instance rows straight into its Instances table, as finished runs
/// leave them with the Azure Storage provider (DurableTask.AzureStorage's OrchestrationInstanceStatus: partition key the
/// instance id, empty row key, name, input, output, custom status, times, runtime status), without running anything:
/// through the task hub, 10,000 runs took more than 32 min to create on this machine and longer to finish. Statuses as a
/// busy hub has them: 1 run in 10 failed, 1 in 200 terminated (the rare one), the newest few still running, the rest
/// completed; kinds in runs of ten; creation times a second apart, so the newest-first order is not the id order. The
/// run index is left to the host's build (from scratch, timed), which writes each entry as a run does, its status with it.
/// </summary>
internal static class DirectRunSeeding
{
    /// <summary>Runs at the newest end left Running (rows only: nothing will ever finish them).</summary>
    public const int StillRunning = 10;

    public static async Task<TimeSpan> SeedAsync(LocalEmulators emulators, IReadOnlyList<string> kinds, int count, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var table = new TableServiceClient(emulators.StorageSettings.ConnectionString).GetTableClient($"{new TaskHubSettings().TaskHubName}Instances");
        await table.CreateIfNotExistsAsync(cancel);
        var newest = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel }, async (n, c) =>
        {
            var kind = kinds[n / 10 % kinds.Count];
            await table.AddEntityAsync(Row(kind, n, count, newest), c);
        });
        return clock.Elapsed;
    }

    /// <summary>How run <paramref name="n"/> of <paramref name="count"/> ended.</summary>
    public static RuntimeStatus StatusOf(int n, int count) =>
        n >= count - StillRunning ? RuntimeStatus.Running
        : n % 200 == 37 ? RuntimeStatus.Terminated
        : n % 10 == 9 ? RuntimeStatus.Failed
        : RuntimeStatus.Completed;

    private static TableEntity Row(string kind, int n, int count, DateTime newest)
    {
        var status = StatusOf(n, count);
        var created = newest.AddSeconds(n - count);
        var ended = created.AddSeconds(2);
        var input = JsonSerializer.Serialize(new RunRequest(null, JsonSerializer.SerializeToElement(new { count = 100 })), DurableJson.Options);
        var output = status switch
        {
            RuntimeStatus.Completed => """{"partitions":0,"rows":0}""",
            RuntimeStatus.Failed => JsonSerializer.Serialize(new { ErrorType = "System.InvalidOperationException", ErrorMessage = $"seeded failure of run {n}", StackTrace = (string?)null }),
            RuntimeStatus.Terminated => JsonSerializer.Serialize("seeded terminate"),
            _ => null,
        };
        var progress = status == RuntimeStatus.Running ? new RunProgress(RunProgress.FanOut, 0, 4) : new RunProgress(RunProgress.Finalizing, 0, 0);
        return new TableEntity(RunIds.InstanceId(kind, $"seed-{n:D5}"), "")
        {
            ["ExecutionId"] = new Guid(n, 0, 0, new byte[8]).ToString("N"),
            ["Name"] = WorkloadTaskNames.Orchestrator(kind),
            ["Version"] = "",
            ["Input"] = input,
            ["Output"] = output,
            ["CustomStatus"] = JsonSerializer.Serialize(progress, DurableJson.Options),
            ["CreatedTime"] = created,
            ["LastUpdatedTime"] = status == RuntimeStatus.Running ? created : ended,
            ["CompletedTime"] = status == RuntimeStatus.Running ? null : ended,
            ["RuntimeStatus"] = status.ToString(),
            ["Generation"] = 0,
        };
    }
}
