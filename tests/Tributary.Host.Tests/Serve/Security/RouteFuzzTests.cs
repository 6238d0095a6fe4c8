using System.Net;
using System.Text;
using Tributary.Host.Serve;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve.Security;

/// <summary>
/// A bounded, seeded fuzz of every route: random ids, tokens, query values, headers and bodies from every kind of caller.
/// No answer may be a 5xx, and nothing may change for a caller who is not allowed to change it.
/// </summary>
public sealed class RouteFuzzTests
{
    private const int Requests = 3000;
    private readonly TallyWorkload _tally = new();

    private static readonly string[] Templates =
    [
        "POST api/runs/{kind}", "GET api/runs", "GET api/runs/{id}", "POST api/runs/{id}/terminate", "POST api/runs/{id}/rerun",
        "DELETE api/runs/{id}", "GET api/hpi/{id}", "GET api/recon/{id}/breaks", "PATCH api/recon/{id}/breaks/{id}", "GET api/gen/{id}",
        "GET api/drops", "GET api/forecast/{id}/recommendations", "POST api/forecast/{id}/feedback", "GET openapi/v1.json", "GET api/health",
        "GET metrics",
    ];

    private static readonly string[] Segments =
    [
        "done-1", "rr", "b-open", "tally", "gen", "x", "a.b_c-1", new string('a', 128), new string('a', 129), new string('z', 300),
        " done-1", "done-1 ", "back\\slash", "hash#tag", "why?not", "per%cent", "dot..dot", "..", "ünïcödé", "tab\there",
        "semi;colon", "quote\"d", "<script>", "null", "-leading", "0", "9999999999999999999999", "%00", "a/b",
    ];

    private static readonly string[] QueryValues =
    [
        "", "Running", "Completed,Failed", "Sleeping", "-1", "0", "1", "1001", "99999999999", "abc", "2026-01-01", "yesterday",
        "eyJub3QiOiJhIHRva2VuIn0", "!!!not base64!!!", new string('t', 9000), "hpi", "tally", "high", "open", "value", "%",
    ];

    private static readonly string[] QueryNames = ["status", "kind", "createdFrom", "createdTo", "pageSize", "continuationToken", "severity", "type", "weighting", "dataset", "vendor", "date", "reason"];

    private static readonly string?[] Bodies =
    [
        null, "", "{}", "[]", "null", "42", "\"text\"", "{\"id\": \"fz-1\"}", "{\"id\": \"fz-2\", \"parameters\": {\"parts\": 2}}",
        "{\"parameters\": {\"parts\": \"many\"}}", "{\"parameters\": {\"parts\": 1e300}}", "{\"id\": 5}", "{\"datset\": \"x\"}",
        "{\"status\": \"in_review\"}", "{\"status\": \"closed\", \"comment\": \"ok\"}", "{\"status\": \"in_review\", \"actor\": \"mallory\"}",
        "{\"status\": 7}", "{\"items\": [{\"date\": \"x\"}]}", "{\"actuals\": [{\"unitsSold\": -1}]}", "{\"source\": {\"container\": \"../etc\"}}",
        "{\"source\": {\"container\": \"quarantine\", \"prefix\": \"a/../b\"}}", "{", "}{", "{\"a\":", new string('[', 5000) + new string(']', 5000),
        "{\"id\": \"" + new string('x', 10_000) + "\"}", "\u0000\u0001\u0002", "{\"parameters\": {\"parts\": 2, \"failFirst\": -3}}",
    ];

    private static readonly string?[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null, "APPLICATION/JSON"];

    [Fact]
    public async Task Random_requests_never_get_a_5xx_and_change_nothing_for_callers_without_the_role()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        using (var start = await host.Http.PostAsync("api/runs/tally", new StringContent("""{"id": "done-1"}""", Encoding.UTF8, "application/json")))
        {
            start.EnsureSuccessStatusCode();
        }

        await host.WaitAsync("done-1");
        await host.Runtime.Services.Documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", "b-open",
            new ReconBreakDocument("b-open", "rr", "cash", "amount_mismatch", "high", "open", "both", "K1", "amount", "10", "12", "2", 2m, "USD", "exact", 3, []), default);

        var random = new Random(20261202);
        var keys = new (string Who, string? Key, Role? Role)[]
        {
            ("anonymous", null, null), ("wrong key", "trb_wrong", null), ("garbage key", "\u00e9\u00e9 \t", null), ("huge key", new string('k', 5000), null),
            ("reader", TestKeys.ByRole[Role.Reader], Role.Reader), ("operator", TestKeys.ByRole[Role.Operator], Role.Operator),
            ("approver", TestKeys.ByRole[Role.Approver], Role.Approver), ("admin", TestKeys.ByRole[Role.Admin], Role.Admin),
        };
        // Latin-1 on the wire, so header values outside ASCII reach the server as a careless client would send them.
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 })
        {
            BaseAddress = host.Http.BaseAddress,
        };
        var failures = new List<string>();
        var sent = 0;
        for (var i = 0; i < Requests; i++)
        {
            var template = Templates[random.Next(Templates.Length)].Split(' ', 2);
            var method = template[0];
            var path = string.Join("/", template[1].Split('/').Select(s => s.StartsWith('{') ? Escape(random, Segments[random.Next(Segments.Length)]) : s));
            var query = string.Join("&", Enumerable.Range(0, random.Next(4)).Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={Uri.EscapeDataString(QueryValues[random.Next(QueryValues.Length)])}"));
            var caller = keys[random.Next(keys.Length)];
            var body = Bodies[random.Next(Bodies.Length)];
            var contentType = ContentTypes[random.Next(ContentTypes.Length)];
            var origin = random.Next(6) == 0 ? "https://evil.example" : null;
            var description = $"#{i} {caller.Who} {method} /{path}?{query} type={contentType} origin={origin} body={Clip(body)}";

            using var request = new HttpRequestMessage(new HttpMethod(method), path + (query.Length > 0 ? "?" + query : ""));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            if (caller.Key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", caller.Key);
            }

            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            var mayChange = caller.Role is Role.Operator or Role.Approver or Role.Admin;
            var before = mayChange ? null : await FingerprintAsync(host);
            HttpStatusCode status;
            try
            {
                using var response = await http.SendAsync(request);
                status = response.StatusCode;
            }
            catch (UriFormatException)
            {
                continue;
            }

            sent++;
            if ((int)status >= 500)
            {
                failures.Add($"{description}: {(int)status}");
            }

            if (before is not null && await FingerprintAsync(host) != before)
            {
                failures.Add($"{description}: answered {(int)status} and changed the state");
            }
        }

        Assert.True(sent > Requests * 9 / 10, $"only {sent} of {Requests} requests could be sent");
        Assert.Empty(failures);
    }

    private static string Escape(Random random, string segment) =>
        // Mostly escaped as a client should; sometimes raw, as a careless one would send it.
        random.Next(4) == 0 ? segment : Uri.EscapeDataString(segment);

    private static string Clip(string? body) => body is null ? "(none)" : body.Length <= 60 ? body : body[..57] + "...";

    private static async Task<string> FingerprintAsync(HostHarness host)
    {
        // Which runs exist and which were terminated: runs an operator started move on by themselves, so progress is left out.
        var runs = await host.RunsAsync();
        var stored = await host.Runtime.Services.Documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "rr", "b-open", default);
        return string.Join(";", runs.Select(r => r.RuntimeStatus == Pipeline.Runs.RuntimeStatus.Terminated ? r.Id + "=terminated" : r.Id).Order())
            + $"|{stored?.Document.Status}/{stored?.Document.History.Count}";
    }
}
