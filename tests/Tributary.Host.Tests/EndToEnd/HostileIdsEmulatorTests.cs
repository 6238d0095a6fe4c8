using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>
/// Ids and continuation tokens an attacker (or a careless client) sends, against the real Cosmos server: every one gets a
/// 400 problem naming the field (malformed) or a 404 (well-formed, absent), never a 500.
/// </summary>
public sealed class HostileIdsEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    // What Cosmos refuses in ids (over 255 characters, '\', '#', '?', spaces at the ends) and what ASP.NET routing decodes.
    public static TheoryData<string> MalformedIds => new()
    {
        new string('a', 256),
        new string('a', 1000),
        "a\\b",
        "a#b",
        "a?b",
        " padded",
        "padded ",
        "a b",
        "a\tb",
        "a..b/..",
        "émile",
    };

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task A_malformed_id_on_any_route_is_a_400_naming_the_id(string id)
    {
        await using var host = await StartAsync();
        var escaped = Uri.EscapeDataString(id);

        (string Route, HttpResponseMessage Response)[] answers =
        [
            ("GET run", await host.Http.GetAsync($"api/runs/{escaped}")),
            ("DELETE run", await host.Http.DeleteAsync($"api/runs/{escaped}")),
            ("terminate", await host.Http.PostAsync($"api/runs/{escaped}/terminate", null)),
            ("rerun", await host.Http.PostAsync($"api/runs/{escaped}/rerun", null)),
            ("breaks", await host.Http.GetAsync($"api/recon/{escaped}/breaks")),
            ("PATCH run", await host.Http.PatchAsync($"api/recon/{escaped}/breaks/brk-1", Json("""{"status": "in_review"}"""))),
            ("PATCH break", await host.Http.PatchAsync($"api/recon/run-ids/breaks/{escaped}", Json("""{"status": "in_review"}"""))),
            ("gen", await host.Http.GetAsync($"api/gen/{escaped}")),
            ("recommendations", await host.Http.GetAsync($"api/forecast/{escaped}/recommendations")),
            ("feedback", await host.Http.PostAsync($"api/forecast/{escaped}/feedback", Json("""{"actuals": [{"date": "2025-01-04", "market": "m", "vendor": "v", "product": "p", "unitsSold": 1}]}"""))),
        ];

        foreach (var (route, response) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.TryGetProperty("errors", out var errors), route);
            Assert.Contains(errors.EnumerateObject(), e => e.Name is "id" or "runId" or "breakId");
        }
    }

    [Fact]
    public async Task A_well_formed_absent_id_is_a_404_on_every_route_that_names_one_thing()
    {
        await using var host = await StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("api/runs/no-such-run")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.DeleteAsync("api/runs/no-such-run")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("api/runs/no-such-run/terminate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("api/runs/no-such-run/rerun", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PatchAsync("api/recon/no-such-run/breaks/0123456789abcdef", Json("""{"status": "in_review"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("api/gen/no-such-run")).StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!not-base64!!!")]
    [InlineData("eyJraW5kIjo5OSwidG9rZW4iOm51bGx9")] // {"kind":99,"token":null}: well-formed, out of range
    [InlineData("eyJraW5kIjowLCJ0b2tlbiI6ImdhcmJhZ2UifQ")] // {"kind":0,"token":"garbage"}: a tampered backend token
    public async Task A_garbage_or_tampered_continuation_token_is_a_400_on_every_paged_read(string token)
    {
        await using var host = await StartAsync();
        var found = new ReconBreakDocument("brk-1", "run-tokens", "trades", "quantity_mismatch", "high", "open", "both", "T1", "quantity", "10", "12", "2",
            200m, "USD", "exact", null, []);
        await host.Runtime.Services.Documents.UpsertAsync(ResultContainers.ReconBreaks, "run-tokens", found.Id, found, default);
        var escaped = Uri.EscapeDataString(token);

        (string Route, HttpResponseMessage Response)[] answers =
        [
            ("runs", await host.Http.GetAsync($"api/runs?continuationToken={escaped}")),
            ("runs of a kind", await host.Http.GetAsync($"api/runs?kind=tally&continuationToken={escaped}")),
            ("breaks", await host.Http.GetAsync($"api/recon/run-tokens/breaks?continuationToken={escaped}")),
            ("recommendations", await host.Http.GetAsync($"api/forecast/run-tokens/recommendations?continuationToken={escaped}")),
        ];

        foreach (var (route, response) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _), route);
        }
    }

    [Fact]
    public async Task A_token_handed_out_for_one_run_s_breaks_is_refused_for_another_and_pages_still_work()
    {
        await using var host = await StartAsync();
        foreach (var id in new[] { "brk-1", "brk-2", "brk-3" })
        {
            var found = new ReconBreakDocument(id, "run-pages", "trades", "quantity_mismatch", "high", "open", "both", "T1", "quantity", "10", "12", "2",
                200m, "USD", "exact", null, []);
            await host.Runtime.Services.Documents.UpsertAsync(ResultContainers.ReconBreaks, "run-pages", id, found, default);
        }

        var first = await host.Http.GetFromJsonAsync<JsonElement>("api/recon/run-pages/breaks?pageSize=2");
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = await host.Http.GetFromJsonAsync<JsonElement>($"api/recon/run-pages/breaks?pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        using var elsewhere = await host.Http.GetAsync($"api/recon/run-other/breaks?pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        using var otherFilter = await host.Http.GetAsync($"api/recon/run-pages/breaks?pageSize=2&status=open&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal("brk-3", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherFilter.StatusCode);
    }

    private async Task<HostHarness> StartAsync()
    {
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "hostile", null, default);
        return await HostHarness.StartAsync(backend, _ => [new TallyWorkload()]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
