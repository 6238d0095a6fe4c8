using System.Text.Json;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Pipeline.Tests.Reconciliation;

/// <summary>The pipeline's fifth step: suggestions stored with the run's breaks, decided by approvers, carried by re-runs.</summary>
public sealed class ReconciliationSuggestionsWorkloadTests : IDisposable
{
    private static readonly Caller Approver = new("oid-ravi", "ravi", new HashSet<Role> { Role.Approver }, "test");
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-recon-suggest-").FullName;
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();

    [Fact]
    public async Task A_run_in_buckets_stores_the_suggestions_breaks_and_record_numbers_of_the_one_piece_run()
    {
        var services = await DropAsync(seed: 21);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);

        var state = await RunAsync(engine, "pay-1", buckets: 5);

        var direct = ReconciliationRun.Execute(BuiltInProfiles.Get("payments"), Path.Combine(_folder, "left.csv"), Path.Combine(_folder, "right.csv"),
            Path.Combine(_folder, "out"), 1);
        var suggestions = await SuggestionsAsync("pay-1");
        var breaks = (await BreaksAsync("pay-1")).ToDictionary(b => b.Id);
        Assert.True(direct.Suggestions.Count >= 10, $"only {direct.Suggestions.Count} suggestions planted");
        // Same ids, kinds, input record numbers (not bucket rows), breaks and confidences (run-wide weights) as the one-piece run.
        Assert.Equal(
            direct.Suggestions.Select(s => (s.SuggestionId, s.Kind.ToString(), string.Join(';', s.LeftRecords), string.Join(';', s.RightRecords), string.Join(';', s.BreakIds), Math.Round(s.Confidence, 4)))
                .OrderBy(s => s.SuggestionId, StringComparer.Ordinal),
            suggestions.Select(s => (s.Id, ToPascal(s.Kind), string.Join(';', s.LeftRecords), string.Join(';', s.RightRecords), string.Join(';', s.BreakIds), s.Confidence))
                .OrderBy(s => s.Id, StringComparer.Ordinal));
        Assert.All(suggestions, s => Assert.Equal(("proposed", "pay-1"), (s.Status, s.RunId)));
        foreach (var found in direct.Breaks)
        {
            var stored = breaks[found.BreakId];
            Assert.Equal((found.LeftRecord, found.RightRecord, found.DueDate, found.Overdue), (stored.LeftRecord, stored.RightRecord, stored.DueDate, stored.Overdue));
        }

        Assert.Contains(direct.Breaks, b => b.DueDate is not null);
        // Each break lists the suggestions that would clear it.
        foreach (var s in suggestions)
        {
            Assert.All(s.BreakIds, id => Assert.Contains(s.Id, breaks[id].Suggestions!));
        }

        Assert.Equal(suggestions.Count, breaks.Values.SelectMany(b => b.Suggestions ?? []).Distinct().Count());
        var summary = DurableJson.Deserialize<ReconRunSummary>(state.Output);
        Assert.Equal((direct.Summary.Suggestions, direct.Summary.ConfidentSuggestions, direct.Summary.OverdueBreaks),
            (summary.Suggestions, summary.ConfidentSuggestions, summary.OverdueBreaks));
        Assert.Equal(Math.Round(direct.Summary.SuggestedValueShare, 4), summary.SuggestedValueShare);
        Assert.True(summary.SuggestedValueShare > 0);
        Assert.Equal(direct.Summary.SuggestionsByKind.OrderBy(k => k.Key), summary.SuggestionsByKind.OrderBy(k => k.Key));
    }

    [Fact]
    public async Task A_direct_run_stores_the_breaks_suggestions_and_summary_of_a_run_in_buckets_and_of_the_cli_verb()
    {
        // The same files in two folders, so neither run follows the other (and carries its breaks).
        var services = await DropAsync(seed: 24);
        await DropAsync(seed: 24, folder: "day-2/");
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);

        var direct = await RunAsync(engine, "pay-d", buckets: null);
        var staged = await RunAsync(engine, "pay-s", buckets: 5, folder: "day-2/");

        // Every stored document the same, field by field, but for the run it belongs to.
        string Json<T>(IEnumerable<T> documents, string runId) =>
            string.Join('\n', documents.Select(d => JsonSerializer.Serialize(d, DurableJson.Options).Replace(runId, "RUN", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var directBreaks = await BreaksAsync("pay-d");
        Assert.True(directBreaks.Count > 10, $"only {directBreaks.Count} breaks");
        Assert.Contains(directBreaks, b => b.Suggestions is { Count: > 0 });
        Assert.Equal(Json(await BreaksAsync("pay-s"), "pay-s"), Json(directBreaks, "pay-d"));
        var directSuggestions = await SuggestionsAsync("pay-d");
        Assert.NotEmpty(directSuggestions);
        Assert.Equal(Json(await SuggestionsAsync("pay-s"), "pay-s"), Json(directSuggestions, "pay-d"));

        // The same summary.json as the run in buckets but for the bucket count, and byte for byte that of `recon run` in as many buckets.
        var (directRun, stagedRun) = (DurableJson.Deserialize<ReconRunSummary>(direct.Output), DurableJson.Deserialize<ReconRunSummary>(staged.Output));
        var cli = Path.Combine(_folder, "out");
        var records = Math.Max(File.ReadLines(Path.Combine(_folder, "left.csv")).Count(), File.ReadLines(Path.Combine(_folder, "right.csv")).Count()) - 1;
        var inMemory = ReconciliationWorkload.DirectBuckets(records);
        ReconciliationRun.Execute(BuiltInProfiles.Get("payments"), Path.Combine(_folder, "left.csv"), Path.Combine(_folder, "right.csv"), cli, inMemory);
        var summaryJson = await BytesAsync(directRun.SummaryJson);
        Assert.Equal(File.ReadAllBytes(Path.Combine(cli, "summary.json")), summaryJson);
        var stagedSummary = Tributary.Reconciliation.Summary.SummaryJson.Read(new MemoryStream(await BytesAsync(stagedRun.SummaryJson)));
        Assert.Equal(5, stagedSummary.Buckets);
        stagedSummary.Buckets = inMemory;
        using (var restated = new MemoryStream())
        {
            Tributary.Reconciliation.Summary.SummaryJson.Write(restated, stagedSummary);
            Assert.Equal(restated.ToArray(), summaryJson);
        }

        // The run summaries differ in their partitions alone.
        Assert.Equal((1, 5), (directRun.Buckets, stagedRun.Buckets));
        Assert.Equal(
            JsonSerializer.Serialize(stagedRun with { Buckets = 1, SummaryJson = directRun.SummaryJson }, DurableJson.Options),
            JsonSerializer.Serialize(directRun, DurableJson.Options));
        Assert.Equal(((long)File.ReadLines(Path.Combine(_folder, "left.csv")).Count() - 1, (long)File.ReadLines(Path.Combine(_folder, "right.csv")).Count() - 1),
            (directRun.LeftRecords, directRun.RightRecords));
    }

    private async Task<byte[]> BytesAsync(BlobRef blob)
    {
        await using var stream = await _blobs.OpenReadAsync(blob, default);
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task A_rerun_does_not_suggest_a_rejected_grouping_again_and_keeps_an_accepted_one_with_its_breaks_closed()
    {
        var services = await DropAsync(seed: 22);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);
        await RunAsync(engine, "pay-1", buckets: 3);
        var first = await SuggestionsAsync("pay-1");
        var confident = first.Where(s => s.Confidence >= 0.5).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var (accepted, rejected) = (confident[0], confident[1]);
        var decisions = new SuggestionDecisions(_documents, TimeProvider.System);

        var accept = Outcome<SuggestionDecisionResult>.Of(await decisions.AcceptAsync("pay-1", accepted.Id, new SuggestionDecisionBody("fee taken by the bank"), Approver, default));
        var reject = Outcome<SuggestionDecisionResult>.Of(await decisions.RejectAsync("pay-1", rejected.Id, new SuggestionDecisionBody("different customers"), Approver, default));

        Assert.Equal(("found", "found"), (accept.Case, reject.Case));
        Assert.Equal(accepted.BreakIds.Order(StringComparer.Ordinal), accept.Value!.Breaks.Select(b => b.Id).Order(StringComparer.Ordinal));
        foreach (var id in accepted.BreakIds)
        {
            var closed = (await _documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "pay-1", id, default))!.Document;
            Assert.Equal(("closed", accepted.Id, "ravi", "fee taken by the bank"), (closed.Status, closed.MatchedBySuggestion, closed.History[^1].Actor, closed.History[^1].Comment));
            Assert.Equal($"matched by suggestion {accepted.Id}", closed.History[^1].Note);
        }

        var rerun = (await engine.Runs.RerunAsync("pay-1", default)).Match(s => s.Id, _ => "", (_, _) => "", _ => "");
        var state = await engine.WaitForCompletionAsync(rerun, TimeSpan.FromSeconds(60));
        var second = (await SuggestionsAsync(rerun)).ToDictionary(s => s.Id);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Equal(2, DurableJson.Deserialize<ReconRunSummary>(state.Output).SuggestionDecisionsCarried);
        Assert.Equal(("rejected", "ravi", "different customers"), (second[rejected.Id].Status, second[rejected.Id].Decision!.Actor, second[rejected.Id].Decision!.Comment));
        Assert.Equal(("accepted", "ravi"), (second[accepted.Id].Status, second[accepted.Id].Decision!.Actor));
        // Every other grouping of the first run is proposed again; the rejected one's breaks no longer list it.
        Assert.All(first.Where(s => s.Id != accepted.Id && s.Id != rejected.Id && s.Confidence >= 0.5), s => Assert.Equal("proposed", second[s.Id].Status));
        var rerunBreaks = (await BreaksAsync(rerun)).ToDictionary(b => b.Id);
        Assert.All(rejected.BreakIds, id => Assert.DoesNotContain(rejected.Id, rerunBreaks[id].Suggestions ?? []));
        Assert.All(accepted.BreakIds, id => Assert.Equal(("closed", accepted.Id), (rerunBreaks[id].Status, rerunBreaks[id].MatchedBySuggestion)));

        // A further re-run still remembers the rejection (it was carried into the newest run of the lineage).
        var third = (await engine.Runs.RerunAsync("pay-1", default)).Match(s => s.Id, _ => "", (_, _) => "", _ => "");
        await engine.WaitForCompletionAsync(third, TimeSpan.FromSeconds(60));
        var thirdBreaks = (await BreaksAsync(third)).ToDictionary(b => b.Id);
        Assert.Equal("rejected", (await SuggestionsAsync(third)).Single(s => s.Id == rejected.Id).Status);
        Assert.All(rejected.BreakIds, id => Assert.DoesNotContain(rejected.Id, thirdBreaks[id].Suggestions ?? []));
    }

    [Fact]
    public async Task Purging_a_run_deletes_its_suggestions_after_archiving_the_decided_ones()
    {
        var services = await DropAsync(seed: 23);
        await using var engine = await SdkPipeline.StartAsync([new ReconciliationWorkload(services)], services);
        await RunAsync(engine, "pay-1", buckets: 2);
        var rejected = (await SuggestionsAsync("pay-1")).OrderBy(s => s.Id, StringComparer.Ordinal).First();
        await new SuggestionDecisions(_documents, TimeProvider.System).RejectAsync("pay-1", rejected.Id, new SuggestionDecisionBody("different customers"), Approver, default);

        await new ReconciliationWorkload(services).PurgeResultsAsync("pay-1", default);

        Assert.Empty(await SuggestionsAsync("pay-1"));
        await using var stream = await _blobs.OpenReadAsync(SuggestionArchive.BlobOf("pay-1"), default);
        var archived = Assert.Single((await JsonSerializer.DeserializeAsync<List<ReconSuggestionDocument>>(stream, DurableJson.Options))!);
        Assert.Equal((rejected.Id, "rejected", "ravi", "different customers"), (archived.Id, archived.Status, archived.Decision!.Actor, archived.Decision.Comment));

        // A second purge (nothing left) keeps the archive.
        await new ReconciliationWorkload(services).PurgeResultsAsync("pay-1", default);
        Assert.NotNull(await _blobs.GetInfoAsync(SuggestionArchive.BlobOf("pay-1"), default));
    }

    private static string ToPascal(string kind) => string.Concat(kind.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private async Task<PipelineServices> DropAsync(int seed, string folder = "day-1/")
    {
        ReconDataGenerator.WriteFiles(BuiltInProfiles.Get("payments"), 1500, seed, breakRate: 0.02, nearMissRate: 0.05, _folder);
        var services = new PipelineServices(_blobs, _documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        await _blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(_folder, name));
            await _blobs.WriteAsync(new BlobRef("recon-drop", folder + name), file, default);
        }

        return services;
    }

    private static async Task<RunState> RunAsync(SdkPipeline engine, string id, int? buckets, string folder = "day-1/")
    {
        var parameters = buckets is { } count ? $$"""{"profile": "payments", "buckets": {{count}}}""" : """{"profile": "payments"}""";
        var request = new RunRequest(new BlobFolder("recon-drop", folder), JsonDocument.Parse(parameters).RootElement);
        await engine.StartAsync("recon", request, id);
        var state = await engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        return state;
    }

    private async Task<List<ReconSuggestionDocument>> SuggestionsAsync(string runId) => await AllAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, runId);

    private async Task<List<ReconBreakDocument>> BreaksAsync(string runId) => await AllAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId);

    private async Task<List<T>> AllAsync<T>(string container, string runId)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var page = await _documents.QueryAsync<T>(container, runId, new Dictionary<string, string>(), 200, token, default);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
