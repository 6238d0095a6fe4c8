using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>Suggestions through the HTTP API on Azurite and the local Cosmos server: stored by a run, listed, accepted, rejected, carried by a re-run.</summary>
public sealed class SuggestionsEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-suggest-e2e-").FullName;

    [Fact]
    public async Task A_run_stores_suggestions_an_approver_accepts_and_rejects_them_and_a_rerun_keeps_both_decisions()
    {
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "suggest", null, default);
        await using var host = await HostHarness.StartAsync(backend, WorkloadCatalog.Create, new HostSettings { WatchDrops = false });
        await UploadAsync(backend.Blobs, "pay-1/");
        using var approver = host.ClientWith(TestKeys.ByRole[Role.Approver]);
        using var operatorClient = host.ClientWith(TestKeys.ByRole[Role.Operator]);

        using (var start = await host.Http.PostAsync("api/runs/recon", Json("""{"id": "sg", "source": {"container": "recon-drop", "prefix": "pay-1/"}, "parameters": {"profile": "payments", "buckets": 3}}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        var run = await host.WaitAsync("sg", 180);
        Assert.Equal(RuntimeStatus.Completed, run.RuntimeStatus);
        var output = JsonSerializer.SerializeToElement(run.Output);
        Assert.True(output.GetProperty("confidentSuggestions").GetInt64() > 0);
        Assert.True(output.GetProperty("suggestedValueShare").GetDouble() > 0);

        // Listed over several pages with the confidence filter; every one at least 0.5, none twice.
        var sure = await AllAsync(host.Http, "api/recon/sg/suggestions?minConfidence=0.5&pageSize=4");
        Assert.True(sure.Count >= 4, $"{sure.Count} suggestions");
        Assert.All(sure, s => Assert.True(s.GetProperty("confidence").GetDouble() >= 0.5));
        Assert.Equal(sure.Count, sure.Select(Id).Distinct().Count());
        var (accepted, rejected) = (sure[0], sure[1]);
        var acceptedBreaks = accepted.GetProperty("breakIds").EnumerateArray().Select(b => b.GetString()!).ToList();

        // A break's own suggestions are found from the break.
        var ofBreak = await host.Http.GetFromJsonAsync<JsonElement>($"api/recon/sg/suggestions?breakId={acceptedBreaks[0]}");
        Assert.Contains(Id(accepted), ofBreak.GetProperty("items").EnumerateArray().Select(Id));

        using var byOperator = await operatorClient.PostAsync($"api/recon/sg/suggestions/{Id(accepted)}/accept", Json("{}"));
        using var accept = await approver.PostAsync($"api/recon/sg/suggestions/{Id(accepted)}/accept", Json("""{"comment": "bank fee"}"""));
        using var again = await approver.PostAsync($"api/recon/sg/suggestions/{Id(accepted)}/accept", Json("{}"));
        using var reject = await approver.PostAsync($"api/recon/sg/suggestions/{Id(rejected)}/reject", Json("""{"comment": "different customers"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already accepted by approver-key", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        foreach (var id in acceptedBreaks)
        {
            var stored = await backend.Documents.ReadAsync<Pipeline.Reconciliation.ReconBreakDocument>(ResultContainers.ReconBreaks, "sg", id, default);
            Assert.Equal(("closed", Id(accepted), "approver-key"), (stored!.Document.Status, stored.Document.MatchedBySuggestion, stored.Document.History[^1].Actor));
        }

        // A bulk move answers each id on its own.
        var open = (await host.Http.GetFromJsonAsync<JsonElement>("api/recon/sg/breaks?status=open&pageSize=2")).GetProperty("items").EnumerateArray().Select(Id).ToList();
        using var bulk = await operatorClient.PatchAsync("api/recon/sg/breaks", Json(JsonSerializer.Serialize(new { ids = open.Append(acceptedBreaks[0]).Append("no-such-break"), status = "in_review", comment = "batch" })));
        var moved = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal(["moved", "moved", "not_allowed", "not_found"], moved.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));

        using (var rerun = await operatorClient.PostAsync("api/runs/sg/rerun", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        }

        Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync("sg.rerun-1", 180)).RuntimeStatus);
        var decided = await AllAsync(host.Http, "api/recon/sg.rerun-1/suggestions?status=rejected");
        Assert.Equal([Id(rejected)], decided.Select(Id));
        Assert.Equal("different customers", decided[0].GetProperty("decision").GetProperty("comment").GetString());
        var keptAccepted = await AllAsync(host.Http, "api/recon/sg.rerun-1/suggestions?status=accepted");
        Assert.Equal([Id(accepted)], keptAccepted.Select(Id));
        var proposed = await AllAsync(host.Http, "api/recon/sg.rerun-1/suggestions?status=proposed&minConfidence=0.5");
        Assert.Equal(sure.Select(Id).Except([Id(accepted), Id(rejected)]).Order(), proposed.Select(Id).Order());
        var carriedBreak = await backend.Documents.ReadAsync<Pipeline.Reconciliation.ReconBreakDocument>(ResultContainers.ReconBreaks, "sg.rerun-1", acceptedBreaks[0], default);
        Assert.Equal(("closed", Id(accepted)), (carriedBreak!.Document.Status, carriedBreak.Document.MatchedBySuggestion));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Id(JsonElement document) => document.GetProperty("id").GetString()!;

    private static async Task<List<JsonElement>> AllAsync(HttpClient http, string path)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>(path + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);

        return all;
    }

    private async Task UploadAsync(IBlobStore blobs, string folder)
    {
        var local = Path.Combine(_scratch, folder.TrimEnd('/'));
        ReconDataGenerator.WriteFiles(BuiltInProfiles.Get("payments"), 800, seed: 31, breakRate: 0.02, nearMissRate: 0.05, local);
        await blobs.EnsureContainerAsync("recon-drop", default);
        foreach (var name in new[] { "left.csv", "right.csv" })
        {
            await using var file = File.OpenRead(Path.Combine(local, name));
            await blobs.WriteAsync(new BlobRef("recon-drop", folder + name), file, default);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
