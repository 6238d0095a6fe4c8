using System.Collections.Concurrent;
using System.Text;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Tests.Workloads;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

namespace Tributary.Pipeline.Tests.Runs;

/// <summary>
/// A status filter answers from the run index's entries: a run records how it ended (finalize, failed, terminate), so a
/// listing reads the state only of runs that match or have not ended, and entries that say nothing (an older version's)
/// still list correctly and catch up.
/// </summary>
public sealed class RunStatusFilterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Completed = ["c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7"];
    private static readonly string[] Failed = ["f-1", "f-2", "f-3"];
    private readonly InMemoryBlobStore _blobs = new();

    private PipelineServices Services => new(_blobs, new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);

    [Fact]
    public async Task Failed_completed_terminated_and_running_filters_answer_their_runs_across_pages_without_reading_finished_runs_of_other_statuses()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await HubAsync(gate);
        try
        {
            var counting = new CountingRunClient(hub.Pipeline.RunClient);
            var runs = new RunService(counting, hub.Workloads, Services);

            Assert.Equal(Failed.Reverse(), await ListAllAsync(runs, RuntimeStatus.Failed, 2));
            // Each Failed run read once to show it, and the one unfinished run to judge it; nothing else.
            Assert.Equal(Failed.Append("r-1").Order(), counting.TakeReads().Order());

            Assert.Equal(Completed.Reverse(), await ListAllAsync(runs, RuntimeStatus.Completed, 3));
            Assert.Equal(Completed.Append("r-1").Order(), counting.TakeReads().Order());

            Assert.Equal(["t-1"], await ListAllAsync(runs, RuntimeStatus.Terminated, 2));
            Assert.Equal(["r-1", "t-1"], counting.TakeReads().Order());

            // Not a finished status: every finished run is skipped unread.
            Assert.Equal(["r-1"], await ListAllAsync(runs, RuntimeStatus.Running, 2));
            Assert.Equal(["r-1"], counting.TakeReads());
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Entries_an_older_version_wrote_without_a_status_still_list_correctly_and_a_listing_that_reads_them_brings_them_up_to_date()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await HubAsync(gate);
        try
        {
            // As an older version left them: the same names, no status.
            await foreach (var blob in _blobs.ListAsync(RunIndex.Container, "", default))
            {
                var kept = blob.Metadata.Where(m => m.Key == "stamp").ToDictionary(m => m.Key, m => m.Value);
                await _blobs.WriteAsync(blob.Blob, Stream.Null, default, kept);
            }

            var counting = new CountingRunClient(hub.Pipeline.RunClient);
            var runs = new RunService(counting, hub.Workloads, Services);
            Assert.Equal(Failed.Reverse(), await ListAllAsync(runs, RuntimeStatus.Failed, 2));
            // Nothing recorded, so every run is read to be judged, and each finished one is recorded as it is.
            Assert.Equal(Completed.Concat(Failed).Append("r-1").Append("t-1").Order(), counting.TakeReads().Order());

            Assert.Equal(Completed.Reverse(), await ListAllAsync(runs, RuntimeStatus.Completed, 4));
            Assert.Equal(Completed.Append("r-1").Order(), counting.TakeReads().Order());
            Assert.Equal(["t-1"], await ListAllAsync(runs, RuntimeStatus.Terminated, 4));
            Assert.Equal(["r-1", "t-1"], counting.TakeReads().Order());
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Theory]
    [InlineData(RuntimeStatus.Failed, 50)]
    [InlineData(RuntimeStatus.Failed, 7)]
    [InlineData(RuntimeStatus.Terminated, 3)]
    [InlineData(RuntimeStatus.Completed, 50)]
    public async Task A_filtered_listing_of_many_runs_pages_through_every_match_once_newest_first_reading_only_the_matches(RuntimeStatus status, int pageSize)
    {
        // 2,000 runs as their entries and states say: 1 in 10 failed, 1 in 200 terminated, the rest completed.
        var states = new Dictionary<string, RunState>(StringComparer.Ordinal);
        var index = new RunIndex(_blobs);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var n = 0; n < 2000; n++)
        {
            var ended = n % 200 == 37 ? RuntimeStatus.Terminated : n % 10 == 9 ? RuntimeStatus.Failed : RuntimeStatus.Completed;
            var created = start.AddSeconds(n);
            var id = $"run-{n:D4}";
            await index.RecordAsync("letters", id, created, default, ended);
            states[RunIds.InstanceId("letters", id)] = new RunState(RunIds.InstanceId("letters", id), "letters", ended, null, null, null, null, created, created);
        }

        Assert.True(await index.TryMarkBuiltAsync(new StatesClient(states), default));
        var counting = new CountingRunClient(new StatesClient(states));
        var expected = Enumerable.Range(0, 2000).Reverse().Where(n => states[RunIds.InstanceId("letters", $"run-{n:D4}")].Status == status).Select(n => $"run-{n:D4}").ToList();

        var listed = await ListAllAsync(new RunService(counting, new Dictionary<string, IWorkload> { ["letters"] = new LetterCountWorkload(Services, 2) }, Services, index), status, pageSize, 2000);

        Assert.Equal(expected, listed);
        // A match is read to be shown, at most once a page more for the one a full page stops at; nothing else is read.
        var reads = counting.TakeReads();
        Assert.All(reads, id => Assert.Equal(status, states[RunIds.InstanceId("letters", id)].Status));
        Assert.InRange(reads.Count, expected.Count, expected.Count + (expected.Count / pageSize) + 1);
    }

    /// <summary>A hub of letters runs (completed, failed, interleaved in time) and two held words runs: one terminated, one still running.</summary>
    private async Task<Hub> HubAsync(TaskCompletionSource gate)
    {
        var letters = new LetterCountWorkload(Services, 2);
        var words = new LetterCountWorkload(Services, 2, "words") { Gate = gate };
        var pipeline = await SdkPipeline.StartAsync([letters, words], Services);
        Assert.True(await pipeline.Runs.TryMarkIndexBuiltAsync(default));
        var order = new[] { "c-1", "f-1", "c-2", "c-3", "f-2", "c-4", "c-5", "c-6", "f-3", "c-7" };
        foreach (var id in order)
        {
            await pipeline.StartAsync("letters", await SourceAsync(id, id.StartsWith('f') ? "alpha\nb3ta" : "alpha\nbeta\ngamma"), id);
            await Task.Delay(5);
        }

        foreach (var id in order)
        {
            await pipeline.WaitForCompletionAsync(id, Patience);
        }

        foreach (var id in new[] { "t-1", "r-1" })
        {
            await pipeline.StartAsync("words", await SourceAsync(id, "alpha\nbeta"), id);
            await Task.Delay(5);
        }

        // One partition each (two lines), both held at the gate.
        await Eventually.TrueAsync(() => words.PartitionRuns.TryGetValue("p00000", out var started) && started >= 2, "both held runs started their partition", 30_000);
        Assert.True((await pipeline.Runs.TerminateAsync("t-1", "operator stop", default)).Match(_ => true, _ => false, (_, _) => false, _ => false));
        Assert.Equal(RuntimeStatus.Terminated, (await pipeline.WaitForCompletionAsync("t-1", Patience)).Status);
        Assert.Equal(RuntimeStatus.Running, (await pipeline.Runs.FindAsync("r-1", false, default))!.Status);
        return new Hub(pipeline, new Dictionary<string, IWorkload> { ["letters"] = letters, ["words"] = words });
    }

    private async Task<RunRequest> SourceAsync(string id, string lines)
    {
        await _blobs.EnsureContainerAsync("letters-drop", default);
        await _blobs.WriteAsync(new BlobRef("letters-drop", $"{id}/words.txt"), new MemoryStream(Encoding.UTF8.GetBytes(lines)), default);
        return new RunRequest(new BlobFolder("letters-drop", $"{id}/"), null);
    }

    private static async Task<List<string>> ListAllAsync(RunService runs, RuntimeStatus status, int pageSize, int maxPages = 20)
    {
        var ids = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await runs.ListAsync(new RunListFilter([status], null, null, null, pageSize, token), default))
                .Match(p => p, e => throw new InvalidOperationException(e), (f, p) => throw new InvalidOperationException($"{f}: {p}"), _ => null!);
            Assert.Equal(RunOrder.NewestFirst, page.Order);
            Assert.All(page.Items, r => Assert.Equal(status, r.RuntimeStatus));
            ids.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null && ++pages < maxPages);

        return ids;
    }

    private sealed record Hub(SdkPipeline Pipeline, IReadOnlyDictionary<string, IWorkload> Workloads) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
    }

    /// <summary>A task hub of finished runs: their states by instance id, nothing else.</summary>
    private sealed class StatesClient(IReadOnlyDictionary<string, RunState> states) : IRunClient
    {
        public Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken) =>
            Task.FromResult(states.GetValueOrDefault(runId));

        public Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken) =>
            Task.FromResult(new RunStatePage([], null));

        public Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>The run client, counting the states read (by run id, the kind prefix taken off).</summary>
    private sealed class CountingRunClient(IRunClient inner) : IRunClient
    {
        private readonly ConcurrentQueue<string> _reads = new();

        /// <summary>The run ids read since the last call.</summary>
        public List<string> TakeReads()
        {
            var taken = new List<string>();
            while (_reads.TryDequeue(out var id))
            {
                taken.Add(id);
            }

            return taken;
        }

        public Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken)
        {
            _reads.Enqueue(runId[(runId.IndexOf('-', StringComparison.Ordinal) + 1)..]);
            return inner.GetAsync(runId, withInputsAndOutputs, cancellationToken);
        }

        public Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken) =>
            inner.StartIfAbsentAsync(kind, runId, request, cancellationToken);

        public Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) => inner.TerminateAsync(runId, reason, cancellationToken);

        public Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
            inner.GetTaskHistoryAsync(instanceId, cancellationToken);

        public Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) => inner.PurgeInstanceAsync(runId, cancellationToken);
    }
}
