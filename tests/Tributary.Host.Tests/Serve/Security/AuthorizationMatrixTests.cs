using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Host.Serve;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve.Security;

/// <summary>Every route of `serve` × every role, plus anonymous and a wrong key: 401, 403 or through, and no state change unless allowed.</summary>
public sealed class AuthorizationMatrixTests
{
    private readonly TallyWorkload _tally = new();

    /// <summary>A request per route: method, path, body, and who may make it (null: anyone, liveness only).</summary>
    private static readonly (string Method, string Pattern, string Path, string? Body, Role[]? Allowed)[] Routes =
    [
        ("POST", "/api/runs/{kind}", "api/runs/tally", """{"id": "new-1"}""", [Role.Operator, Role.Admin]),
        ("GET", "/api/runs", "api/runs", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/runs/{id}", "api/runs/done-1", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("POST", "/api/runs/{id}/terminate", "api/runs/done-1/terminate", null, [Role.Operator, Role.Admin]),
        ("POST", "/api/runs/{id}/rerun", "api/runs/done-1/rerun", null, [Role.Operator, Role.Admin]),
        ("DELETE", "/api/runs/{id}", "api/runs/done-1", null, [Role.Admin]),
        ("GET", "/api/hpi/{cbsa}", "api/hpi/10420", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/recon/{runId}/breaks", "api/recon/rr/breaks", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("PATCH", "/api/recon/{runId}/breaks/{breakId}", "api/recon/rr/breaks/b-open", """{"status": "in_review"}""", [Role.Operator, Role.Admin]),
        ("PATCH", "/api/recon/{runId}/breaks/{breakId}", "api/recon/rr/breaks/b-resolved", """{"status": "closed"}""", [Role.Approver, Role.Admin]),
        ("PATCH", "/api/recon/{runId}/breaks", "api/recon/rr/breaks", """{"ids": ["b-open"], "status": "in_review"}""", [Role.Operator, Role.Admin]),
        ("GET", "/api/recon/{runId}/suggestions", "api/recon/rr/suggestions", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("POST", "/api/recon/{runId}/suggestions/{suggestionId}/accept", "api/recon/rr/suggestions/00000000000000a1/accept", """{"comment": "same"}""", [Role.Approver, Role.Admin]),
        ("POST", "/api/recon/{runId}/suggestions/{suggestionId}/reject", "api/recon/rr/suggestions/00000000000000a2/reject", """{"comment": "not it"}""", [Role.Approver, Role.Admin]),
        ("GET", "/api/gen/{runId}", "api/gen/g1", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/drops", "api/drops", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/forecast/{runId}/recommendations", "api/forecast/f1/recommendations", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("POST", "/api/forecast/{runId}/feedback", "api/forecast/f1/feedback", """{"items": []}""", [Role.Operator, Role.Admin]),
        ("GET", "/openapi/{documentName}.json", "openapi/v1.json", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/metrics", "metrics", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/health", "api/health", null, null),
        ("GET", "/api/me", "api/me", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/runs/{id}/files", "api/runs/done-1/files", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/runs/{id}/partitions", "api/runs/done-1/partitions", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/runs/{id}/files/{*name}", "api/runs/done-1/files/summary.json", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/recon/{runId}/breaks/{breakId}", "api/recon/rr/breaks/b-open", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("GET", "/api/drops/quarantined", "api/drops/quarantined", null, [Role.Reader, Role.Operator, Role.Approver, Role.Admin]),
        ("PUT", "/api/drops/{kind}/{*path}", "api/drops/tally/matrix.json", """{"parts": 1}""", [Role.Operator, Role.Admin]),
    ];

    [Fact]
    public async Task Every_route_answers_each_role_as_the_matrix_says_and_refusals_change_nothing()
    {
        await using var host = await StartAsync();
        var callers = new List<(string Who, string? Key, Role? Role)>
        {
            ("anonymous", null, null),
            ("wrong key", "trb_not-a-key-of-this-host", null),
        };
        callers.AddRange(RoleNames.All.Select(r => (r.Name(), (string?)TestKeys.ByRole[r], (Role?)r)));
        var failures = new List<string>();

        foreach (var (who, key, role) in callers)
        {
            using var http = host.ClientWith(key);
            foreach (var route in Routes)
            {
                var before = await FingerprintAsync(host);
                using var response = await SendAsync(http, route.Method, route.Path, route.Body);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var expected = route.Allowed is null ? "through"
                    : role is null ? "401"
                    : route.Allowed.Contains(role.Value) ? "through"
                    : "403";
                var actual = status switch { 401 => "401", 403 => "403", _ => "through" };
                if (actual != expected)
                {
                    failures.Add($"{who} {route.Method} {route.Path}: expected {expected}, got {status} {body}");
                }

                if (actual is "401" or "403")
                {
                    // A refusal is a problem-details body, and leaves every run and break as it was.
                    if (!body.Contains("\"status\":" + status, StringComparison.Ordinal))
                    {
                        failures.Add($"{who} {route.Method} {route.Path}: {status} without a problem body: {body}");
                    }

                    if (status == 401 && !response.Headers.WwwAuthenticate.Any())
                    {
                        failures.Add($"{who} {route.Method} {route.Path}: 401 without WWW-Authenticate");
                    }

                    if (await FingerprintAsync(host) != before)
                    {
                        failures.Add($"{who} {route.Method} {route.Path}: refused with {status} but the state changed");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_table_covers_every_endpoint_the_host_maps()
    {
        await using var host = await StartAsync();
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.Equal(mapped.Order(), Routes.Select(r => $"{r.Method} {r.Pattern}").Distinct().Order());
    }

    [Fact]
    public async Task A_refusal_says_what_to_send_or_which_role_is_missing()
    {
        await using var host = await StartAsync();
        using var anonymous = host.ClientWith(null);
        using var reader = host.ClientWith(TestKeys.ByRole[Role.Reader]);

        using var unauthenticated = await anonymous.PostAsync("api/runs/tally", Json("{}"));
        using var forbidden = await reader.DeleteAsync("api/runs/done-1");
        using var liveness = await anonymous.GetAsync("api/health");
        using var details = await reader.GetAsync("api/health");

        Assert.Contains("X-Api-Key", await unauthenticated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("reader-key (reader) may not purge runs: that needs the admin role", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var alive = JsonDocument.Parse(await liveness.Content.ReadAsStringAsync());
        using var full = JsonDocument.Parse(await details.Content.ReadAsStringAsync());
        Assert.Equal("Alive", alive.RootElement.GetProperty("status").GetString());
        Assert.False(alive.RootElement.TryGetProperty("dependencies", out _));
        Assert.Equal(JsonValueKind.Array, full.RootElement.GetProperty("dependencies").ValueKind);
    }

    [Fact]
    public async Task A_break_move_records_the_key_holder_and_the_comment_not_the_body()
    {
        await using var host = await StartAsync();
        using var operatorClient = host.ClientWith(TestKeys.ByRole[Role.Operator]);

        using var forged = await operatorClient.PatchAsync("api/recon/rr/breaks/b-open", Json("""{"status": "in_review", "actor": "mallory (not alice)"}"""));
        using var moved = await operatorClient.PatchAsync("api/recon/rr/breaks/b-open", Json("""{"status": "in_review", "comment": "custodian file is late"}"""));
        using var document = JsonDocument.Parse(await moved.Content.ReadAsStringAsync());
        var change = document.RootElement.GetProperty("history")[0];

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(("operator-key", "key:operator-key", "custodian file is late"),
            (change.GetProperty("actor").GetString(), change.GetProperty("actorId").GetString(), change.GetProperty("comment").GetString()));
    }

    private async Task<HostHarness> StartAsync()
    {
        var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        using (var start = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "done-1"}""")))
        {
            start.EnsureSuccessStatusCode();
        }

        await host.WaitAsync("done-1");
        var documents = host.Runtime.Services.Documents;
        await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", "b-open", Break("rr", "b-open", "open"), default);
        await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", "b-resolved", Break("rr", "b-resolved", "resolved"), default);
        foreach (var (id, breakId) in new[] { ("00000000000000a1", "b-s1"), ("00000000000000a2", "b-s2") })
        {
            await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", breakId, Break("rr", breakId, "open"), default);
            await documents.UpsertAsync(ResultContainers.ReconSuggestions, "rr", id,
                new ReconSuggestionDocument(id, "rr", "cash", "one_to_one", "USD", [1], [1], [breakId], 0.9, "same reference", "", 2m, "proposed"), default);
        }

        return host;
    }

    private static async Task<string> FingerprintAsync(HostHarness host)
    {
        var runs = await host.RunsAsync();
        var documents = host.Runtime.Services.Documents;
        var breaks = new List<string>();
        foreach (var id in new[] { "b-open", "b-resolved", "b-s1", "b-s2" })
        {
            var stored = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "rr", id, default);
            breaks.Add($"{id}={stored?.Document.Status}/{stored?.Document.History.Count}");
        }

        foreach (var id in new[] { "00000000000000a1", "00000000000000a2" })
        {
            var stored = await documents.ReadAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, "rr", id, default);
            breaks.Add($"{id}={stored?.Document.Status}");
        }

        // Which runs exist and which were terminated: a run an operator started or re-ran moves on by itself, so progress is left out.
        return string.Join(";", runs.Select(r => r.RuntimeStatus == Pipeline.Runs.RuntimeStatus.Terminated ? r.Id + "=terminated" : r.Id).Order())
            + "|" + string.Join(";", breaks);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = Json(body);
        }

        return http.SendAsync(request);
    }

    private static ReconBreakDocument Break(string runId, string id, string status) =>
        new(id, runId, "cash", "amount_mismatch", "high", status, "both", "K1", "amount", "10.00", "12.00", "2.00", 2m, "USD", "exact", 3, []);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
