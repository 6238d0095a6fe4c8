using System.Text;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Pipeline.Tests.Reconciliation;

public sealed class ReconciliationWorkloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-recon-").FullName;

    [Fact]
    public async Task A_dropped_pair_of_files_yields_the_breaks_of_the_one_piece_run_stored_per_run()
    {
        ReconDataGenerator.WriteFiles("trades", 400, seed: 9, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var manifest = new BlobRef("recon-drop", "day-1/manifest.json");
        var etag = await blobs.WriteAsync(manifest, new MemoryStream(Encoding.UTF8.GetBytes("""{"profile": "trades", "buckets": 3}""")), default);
        var request = new RunRequest(new BlobFolder("recon-drop", "day-1/"), null, new DropRef(manifest, etag, [manifest]));
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);

        await engine.StartAsync("recon", request, "recon-1");
        var state = await engine.WaitForCompletionAsync("recon-1", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var direct = ReconciliationRun.Execute(BuiltInProfiles.Get("trades"), Path.Combine(_folder, "left.csv"), Path.Combine(_folder, "right.csv"), Path.Combine(_folder, "out"), 1);
        var summary = DurableJson.Deserialize<ReconRunSummary>(state.Output);
        Assert.Equal(direct.Breaks.Count, summary.Breaks);
        Assert.True(summary.Breaks > 0);
        var stored = new List<ReconBreakDocument>();
        string? continuation = null;
        do
        {
            var page = await documents.QueryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "recon-1", new Dictionary<string, string>(), 50, continuation, default);
            stored.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(direct.Breaks.Select(b => b.BreakId).Order(), stored.Select(b => b.Id).Order());
        Assert.All(stored, b => Assert.Equal("open", b.Status));

        // The staged buckets are removed once the run finished; its summary stays.
        await foreach (var staged in blobs.ListAsync(ReconciliationWorkload.StagingContainer, "recon-1/", default))
        {
            Assert.Fail($"{staged.Blob} is still staged");
        }

        Assert.NotNull(await blobs.GetInfoAsync(summary.SummaryJson, default));
    }

    [Fact]
    public async Task A_bucket_staged_as_csv_by_an_earlier_version_reconciles_to_the_breaks_of_one_staged_as_columns()
    {
        // One bucket holds every row in input order, so the inputs themselves are what the CSV planner staged for it.
        ReconDataGenerator.WriteFiles("trades", 300, seed: 6, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var request = new RunRequest(new BlobFolder("recon-drop", "day-1/"), System.Text.Json.JsonSerializer.SerializeToElement(new { profile = "trades", buckets = 1 }), null);
        var columns = new InMemoryDocumentStore();
        var workload = new ReconciliationWorkload(new PipelineServices(blobs, columns, new InMemoryRunEventPublisher(), TimeProvider.System));
        var plan = await workload.PlanAsync("r1", request, default);
        var bucket = Assert.Single(plan.Partitions);
        await workload.RunPartitionAsync("r1", plan, bucket, default);

        foreach (var side in new[] { "left", "right" })
        {
            Assert.True(await blobs.DeleteAsync(new BlobRef(ReconciliationWorkload.StagingContainer, $"{bucket.Input!.Path}{side}.bucket"), default));
            await using var file = File.OpenRead(Path.Combine(_folder, $"{side}.csv"));
            await blobs.WriteAsync(new BlobRef(ReconciliationWorkload.StagingContainer, $"{bucket.Input.Path}{side}.csv"), file, default);
        }

        var csv = new InMemoryDocumentStore();
        await new ReconciliationWorkload(new PipelineServices(blobs, csv, new InMemoryRunEventPublisher(), TimeProvider.System))
            .RunPartitionAsync("r1", plan, bucket, default);

        var fromColumns = (await BreaksAsync(columns, "r1")).Select(b => System.Text.Json.JsonSerializer.Serialize(b)).ToList();
        Assert.NotEmpty(fromColumns);
        Assert.Equal(fromColumns, (await BreaksAsync(csv, "r1")).Select(b => System.Text.Json.JsonSerializer.Serialize(b)));
    }

    [Theory]
    [InlineData("""{"profile": "trades"}""", 1)]
    [InlineData("""{"profile": "trades", "buckets": 3}""", 3)]
    public async Task A_plan_without_a_bucket_count_sizes_it_by_the_input_and_an_explicit_count_wins(string parameters, int buckets)
    {
        ReconDataGenerator.WriteFiles("trades", 300, seed: 6, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var services = new PipelineServices(blobs, new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var plan = await new ReconciliationWorkload(services).PlanAsync("sized",
            new RunRequest(new BlobFolder("recon-drop", "day-1/"), System.Text.Json.JsonDocument.Parse(parameters).RootElement), default);

        Assert.Equal(buckets, plan.Partitions.Count);
        Assert.Equal(buckets, System.Text.Json.JsonSerializer.Deserialize<ReconPlanContext>(plan.Context!.Value, DurableJson.Options)!.Buckets);
        var staged = new List<string>();
        await foreach (var blob in blobs.ListAsync(ReconciliationWorkload.StagingContainer, "sized/", default))
        {
            staged.Add(blob.Blob.Path);
        }

        Assert.Equal(2 * buckets, staged.Count(name => name.EndsWith(".bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rerun_keeps_each_break_found_again_with_its_work_and_a_new_run_of_the_folder_closes_the_breaks_it_no_longer_finds()
    {
        ReconDataGenerator.WriteFiles("trades", 300, seed: 4, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var request = new RunRequest(new BlobFolder("recon-drop", "day-1/"), System.Text.Json.JsonDocument.Parse("""{"profile": "trades", "buckets": 2}""").RootElement);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);
        await engine.StartAsync("recon", request, "recon-1");
        Assert.Equal(RuntimeStatus.Completed, (await engine.WaitForCompletionAsync("recon-1", TimeSpan.FromSeconds(60))).Status);
        var first = await BreaksAsync(documents, "recon-1");
        var keptRow = File.ReadLines(Path.Combine(_folder, "right.csv")).Skip(1).First();
        var worked = first.First(b => b.Type != "unmatched" && !keptRow.Contains(b.Key, StringComparison.OrdinalIgnoreCase)).Id;
        var moves = new BreakStatusChange(documents, TimeProvider.System);
        await moves.ApplyAsync("recon-1", worked, new BreakPatch("in_review", Assignee: "asha"),
            new Tributary.Pipeline.Access.Caller("oid-asha", "asha", new HashSet<Tributary.Pipeline.Access.Role> { Tributary.Pipeline.Access.Role.Operator }, "test"), default);

        // A re-run on the same input: every break found again, the worked one still in review with its assignee and history.
        var rerun = (await engine.Runs.RerunAsync("recon-1", default)).Match(s => s.Id, _ => "", (_, _) => "", _ => "");
        var rerunState = await engine.WaitForCompletionAsync(rerun, TimeSpan.FromSeconds(60));
        var second = await BreaksAsync(documents, rerun);

        Assert.Equal("recon-1.rerun-1", rerun);
        Assert.Equal(first.Select(b => b.Id), second.Select(b => b.Id));
        var kept = second.Single(b => b.Id == worked);
        Assert.Equal(("in_review", "asha"), (kept.Status, kept.Assignee));
        Assert.Equal(2, kept.History.Count);
        Assert.Equal(("asha", Tributary.Reconciliation.Workflow.BreakStatus.InReview), (kept.History[0].Actor, kept.History[0].To));
        Assert.Equal("found again in run recon-1.rerun-1", kept.History[1].Note);
        Assert.All(second.Where(b => b.Id != worked), b => Assert.Equal(("open", "found again in run recon-1.rerun-1"), (b.Status, Assert.Single(b.History).Note)));
        var carried = DurableJson.Deserialize<ReconRunSummary>(rerunState.Output).CarriedFrom!;
        Assert.Equal(new BreakCarryOverResult("recon-1", first.Count, 0), carried);

        // The custodian's file cut to its header and first record (a file with no records at all is refused): every other
        // left record is now unmatched, and their field breaks are gone. A new run of the same folder follows the re-run
        // (the last completed run of the folder) and closes every break it no longer finds, with the reason.
        var header = File.ReadLines(Path.Combine(_folder, "right.csv")).First() + "\n" + keptRow + "\n";
        await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/right.csv"), new MemoryStream(Encoding.UTF8.GetBytes(header)), default);

        await engine.StartAsync("recon", request, "recon-2");
        var thirdState = await engine.WaitForCompletionAsync("recon-2", TimeSpan.FromSeconds(60));
        var third = await BreaksAsync(documents, "recon-2");
        var afterThird = await BreaksAsync(documents, rerun);

        Assert.Equal(RuntimeStatus.Completed, thirdState.Status);
        Assert.Equal(rerun, DurableJson.Deserialize<Tributary.Pipeline.Workloads.RunRequest>(thirdState.Input).PreviousRunId);
        var gone = afterThird.Where(b => third.All(t => t.Id != b.Id)).ToList();
        Assert.NotEmpty(gone);
        Assert.All(gone, b => Assert.Equal(("closed", $"not found in run recon-2"), (b.Status, b.History[^1].Note)));
        Assert.Contains(gone, b => b.Id == worked && b.Assignee == "asha" && b.History.Count == 3);
        Assert.Equal(gone.Count, DurableJson.Deserialize<ReconRunSummary>(thirdState.Output).CarriedFrom!.ClosedAsGone);
    }

    [Fact]
    public async Task A_rerun_of_the_original_after_work_on_its_rerun_continues_from_the_rerun_the_newest_run_of_the_lineage()
    {
        ReconDataGenerator.WriteFiles("trades", 300, seed: 5, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "day-1/" + name), file, default);
        }

        var request = new RunRequest(new BlobFolder("recon-drop", "day-1/"), System.Text.Json.JsonDocument.Parse("""{"profile": "trades", "buckets": 2}""").RootElement);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);
        await engine.StartAsync("recon", request, "r");
        await engine.WaitForCompletionAsync("r", TimeSpan.FromSeconds(60));
        var first = (await engine.Runs.RerunAsync("r", default)).Match(s => s.Id, _ => "", (_, _) => "", _ => "");
        await engine.WaitForCompletionAsync(first, TimeSpan.FromSeconds(60));

        // Work done on r.rerun-1: one break closed, one escalated.
        var breaks = await BreaksAsync(documents, first);
        var (closedId, escalatedId) = (breaks[0].Id, breaks[1].Id);
        var moves = new BreakStatusChange(documents, TimeProvider.System);
        var admin = new Tributary.Pipeline.Access.Caller("oid-asha", "asha", new HashSet<Tributary.Pipeline.Access.Role> { Tributary.Pipeline.Access.Role.Admin }, "test");
        foreach (var (id, to) in new[] { (closedId, "in_review"), (closedId, "resolved"), (closedId, "closed"), (escalatedId, "in_review"), (escalatedId, "escalated") })
        {
            var moved = await moves.ApplyAsync(first, id, new BreakPatch(to), admin, default);
            Assert.Equal(to, moved.Match(d => d.Status, _ => "missing", (_, p) => p, c => c, f => f));
        }

        // A re-run asked of the original continues from r.rerun-1, not from r.
        var second = (await engine.Runs.RerunAsync("r", default)).Match(s => s.Id, _ => "", (_, _) => "", _ => "");
        var state = await engine.WaitForCompletionAsync(second, TimeSpan.FromSeconds(60));
        var carried = await BreaksAsync(documents, second);

        Assert.Equal("r.rerun-2", second);
        Assert.Equal(first, DurableJson.Deserialize<RunRequest>(state.Input).PreviousRunId);
        Assert.Equal(first, DurableJson.Deserialize<ReconRunSummary>(state.Output).CarriedFrom!.PreviousRunId);
        Assert.Equal("closed", carried.Single(b => b.Id == closedId).Status);
        Assert.Equal("escalated", carried.Single(b => b.Id == escalatedId).Status);
        Assert.All(carried.Where(b => b.Id != closedId && b.Id != escalatedId), b => Assert.Equal("open", b.Status));
    }

    [Fact]
    public async Task The_retention_purge_archives_the_break_work_people_did_before_it_deletes_a_run()
    {
        ReconDataGenerator.WriteFiles("trades", 200, seed: 6, breakRate: 0.05, _folder);
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", "old/" + name), file, default);
        }

        var request = new RunRequest(new BlobFolder("recon-drop", "old/"), System.Text.Json.JsonDocument.Parse("""{"profile": "trades"}""").RootElement);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);
        await engine.StartAsync("recon", request, "old");
        await engine.WaitForCompletionAsync("old", TimeSpan.FromSeconds(60));
        var breaks = await BreaksAsync(documents, "old");
        var worked = breaks[0].Id;
        var moves = new BreakStatusChange(documents, TimeProvider.System);
        var asha = new Tributary.Pipeline.Access.Caller("oid-asha", "asha", new HashSet<Tributary.Pipeline.Access.Role> { Tributary.Pipeline.Access.Role.Operator }, "test");
        await moves.ApplyAsync("old", worked, new BreakPatch("in_review", Assignee: "asha", Comment: "custodian booked it late"), asha, default);

        var purged = await engine.Runs.PurgeFinishedBeforeAsync(DateTimeOffset.UtcNow.AddDays(1), default);

        Assert.Equal(1, purged);
        Assert.Empty(await BreaksAsync(documents, "old"));
        await using var stream = await blobs.OpenReadAsync(BreakArchive.BlobOf("old"), default);
        var archived = await System.Text.Json.JsonSerializer.DeserializeAsync<List<ReconBreakDocument>>(stream, DurableJson.Options);
        var kept = Assert.Single(archived!);
        Assert.Equal((worked, "in_review", "asha"), (kept.Id, kept.Status, kept.Assignee));
        Assert.Equal(("asha", "custodian booked it late"), (kept.History[0].Actor, kept.History[0].Comment));

        // A second purge (nothing left) does not replace the archive with an empty one.
        await new ReconciliationWorkload(services).PurgeResultsAsync("old", default);
        Assert.NotNull(await blobs.GetInfoAsync(BreakArchive.BlobOf("old"), default));
    }

    private static async Task<List<ReconBreakDocument>> BreaksAsync(InMemoryDocumentStore documents, string runId)
    {
        var stored = new List<ReconBreakDocument>();
        string? continuation = null;
        do
        {
            var page = await documents.QueryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, new Dictionary<string, string>(), 100, continuation, default);
            stored.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return stored.OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void The_profile_must_be_a_built_in_one()
    {
        var workload = new ReconciliationWorkload(new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System));

        var errors = workload.Validate(new RunRequest(new BlobFolder("recon-drop", "x/"), System.Text.Json.JsonDocument.Parse("""{"profile": "/etc/passwd.json", "buckets": 0}""").RootElement));

        Assert.Equal(["parameters.profile", "parameters.buckets"], errors.Select(e => e.Field));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
