using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tributary.Console.Tests.Support;
using Tributary.Pipeline.Access;
using static Microsoft.Playwright.Assertions;

namespace Tributary.Console.Tests;

/// <summary>The console in chromium against a real in-process `serve`: each page as a person uses it, by its labels.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsolePageTests(ConsoleHost host)
{
    [Fact]
    public async Task Signing_in_with_an_API_key_shows_the_runs_and_keeps_the_key_in_this_tab_only()
    {
        await using var watched = await host.OpenAsync(role: null);
        var page = watched.Page;
        await page.GotoAsync("/");
        await watched.ScreenshotAsync("sign-in");

        await page.GetByLabel("API key").FillAsync("trb_not-a-key-of-this-host");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Authentication required");

        await page.GetByLabel("API key").FillAsync(host.Keys[Role.Operator]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("operator-key (operator)")).ToBeVisibleAsync();

        Assert.Equal(host.Keys[Role.Operator], await page.EvaluateAsync<string>("sessionStorage.getItem('tributary.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));
        Assert.DoesNotContain(host.Keys[Role.Operator], page.Url, StringComparison.Ordinal);

        // A console error is expected from the refused key above (the browser logs the 401); none other, and nothing foreign.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_run_list_keeps_its_filters_in_the_URL_and_Back_restores_them()
    {
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync("/runs");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["hpi"] })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["gen"] })).ToBeVisibleAsync();
        await watched.ScreenshotAsync("runs");

        await page.GetByLabel("Workload").SelectOptionAsync("recon");
        await Expect(page).ToHaveURLAsync(new Regex("kind=recon"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["recon"] })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["hpi"] })).ToHaveCountAsync(0);

        await page.GetByLabel("Status").SelectOptionAsync("Failed");
        await Expect(page).ToHaveURLAsync(new Regex("kind=recon&status=Failed"));
        await Expect(page.GetByText("No runs match these filters.")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/runs\\?kind=recon$"));
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["recon"] })).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page.GetByLabel("Workload")).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["hpi"] })).ToBeVisibleAsync();

        // A link with the filters opens the same view.
        await page.GotoAsync("/runs?kind=gen&status=Completed");
        await Expect(page.GetByLabel("Workload")).ToHaveValueAsync("gen");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["gen"] })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["recon"] })).ToHaveCountAsync(0);
        watched.AssertClean();
    }

    [Fact]
    public async Task A_live_run_shows_its_progress_and_then_its_completion()
    {
        host.Gated.Close();
        var id = await host.StartAsync("gated", """{"id": "gated-live", "parameters": {"parts": 3}}""");
        await using var watched = await host.OpenAsync(Role.Operator);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Run {id}" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("run-progress")).ToHaveTextAsync("0 of 3 partitions", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Running");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Terminate" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Partition timeline" }).GetByRole(AriaRole.Cell, new() { Name = "Running", Exact = true }).First).ToBeVisibleAsync();
        await watched.ScreenshotAsync("run-live");

        host.Gated.Release();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("run-progress")).ToContainTextAsync("3 of 3 partitions");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rerun" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Terminate" })).ToHaveCountAsync(0);
        watched.AssertClean();
    }

    [Fact]
    public async Task The_run_page_draws_each_partition_on_a_timeline_with_its_attempts_and_failures()
    {
        host.Gated.Release();
        var id = await host.StartAsync("gated", """{"id": "gated-timeline", "parameters": {"parts": 3, "failFirst": 1}}""");
        Assert.Equal(Tributary.Pipeline.Runs.RuntimeStatus.Completed, (await host.WaitAsync(id)).RuntimeStatus);
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");

        var timeline = page.GetByRole(AriaRole.Table, new() { Name = "Partition timeline" });
        await Expect(timeline.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByText("3 of 3 partitions; bars from first scheduled")).ToBeVisibleAsync();
        var faulted = timeline.Locator("tr[data-partition='1']");
        await Expect(faulted.GetByTestId("attempts")).ToHaveTextAsync("2");
        await Expect(faulted.GetByTestId("failures")).ToHaveTextAsync("1");
        await Expect(faulted).ToContainTextAsync("transient fault");
        await Expect(timeline.Locator("tr[data-partition='0']").GetByTestId("failures")).ToHaveTextAsync("0");
        var bar = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^partition part-1: Completed, 2 attempt\\(s\\), 1 failure\\(s\\)") });
        await Expect(bar.Locator("span.failed")).ToHaveCountAsync(1);
        Assert.True((await bar.Locator("span").BoundingBoxAsync())!.Width > 0);
        await watched.ScreenshotAsync("run-timeline");
        watched.AssertClean();
    }

    [Fact]
    public async Task The_HPI_run_page_draws_the_index_and_overlays_a_second_CBSA_and_weighting()
    {
        var id = host.Runs["hpi"];
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");

        var chart = page.GetByRole(AriaRole.Img, new() { Name = "House price index by year" });
        await Expect(chart.Locator("canvas")).ToBeVisibleAsync();
        await Expect(chart).ToHaveAttributeAsync("data-series", "1");
        var cbsas = await page.GetByLabel("CBSA").Locator("option").AllTextContentsAsync();
        Assert.Equal("National", cbsas[0]);
        Assert.True(cbsas.Count == 4, string.Join(",", cbsas)); // national and the market's 3 CBSAs

        await page.GetByLabel("CBSA").SelectOptionAsync(new[] { "national", cbsas[1] });
        await page.GetByLabel("Weighting").SelectOptionAsync(new[] { "sample", "value" });
        await Expect(chart).ToHaveAttributeAsync("data-series", "4");
        await Expect(page).ToHaveURLAsync(new Regex($"cbsa=national&cbsa={cbsas[1]}&weighting=sample&weighting=value"));
        await watched.ScreenshotAsync("run-hpi");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal("cbsa,weighting,year,index,level,appreciation", csv[0]);
        Assert.Equal(new[] { "national|sample", "national|value", $"{cbsas[1]}|sample", $"{cbsas[1]}|value" }.Order(),
            csv.Skip(1).Select(l => string.Join('|', l.Split(',')[..2])).Distinct().Order());
        watched.AssertClean();
    }

    [Fact]
    public async Task Moving_a_break_with_a_comment_shows_it_in_the_history_and_stores_it()
    {
        var id = host.Runs["recon"];
        await using var watched = await host.OpenAsync(Role.Operator);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Break queue" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Match rate")).ToBeVisibleAsync();

        await page.GetByLabel("Status").SelectOptionAsync("open");
        await Expect(page).ToHaveURLAsync(new Regex("status=open"));
        await watched.ScreenshotAsync("run-recon");
        var link = page.GetByRole(AriaRole.Link, new() { NameRegex = HexId() }).First;
        var breakId = (await link.TextContentAsync())!;
        Assert.Matches(HexId(), breakId);
        await link.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Break {breakId}" })).ToBeVisibleAsync();
        await page.GetByLabel("Move to").SelectOptionAsync("in_review");
        await page.GetByLabel("Assignee").FillAsync("alice");
        await page.GetByLabel("Comment").FillAsync("custodian booked it late");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var history = page.GetByRole(AriaRole.Table, new() { Name = "History" });
        await Expect(history).ToContainTextAsync("custodian booked it late");
        await Expect(history).ToContainTextAsync("operator-key");
        await Expect(page.GetByTestId("break-status")).ToHaveTextAsync("in_review");
        await watched.ScreenshotAsync("break");

        using var stored = JsonDocument.Parse(await host.Api.GetStringAsync($"api/recon/{id}/breaks/{breakId}"));
        var last = stored.RootElement.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("in_review", "alice"), (stored.RootElement.GetProperty("status").GetString(), stored.RootElement.GetProperty("assignee").GetString()));
        Assert.Equal(("operator-key", "custodian booked it late"), (last.GetProperty("actor").GetString(), last.GetProperty("comment").GetString()));
        watched.AssertClean();
    }

    [Fact]
    public async Task The_break_queue_sorts_the_whole_queue_by_impact_and_by_age_across_pages()
    {
        var id = host.Runs["recon"];
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            using var stored = JsonDocument.Parse(await host.Api.GetStringAsync($"api/recon/{id}/breaks?pageSize=500" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}")));
            all.AddRange(stored.RootElement.GetProperty("items").EnumerateArray().Select(b => b.Clone()));
            token = stored.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        Assert.True(all.Count > 100, $"the sample has {all.Count} breaks; the test needs more than two pages");
        var impacts = all.Select(b => b.GetProperty("financialImpact").GetDecimal()).OrderDescending().ToList();
        var ages = all.Select(b => b.GetProperty("ageDays").ValueKind == JsonValueKind.Number ? b.GetProperty("ageDays").GetInt32() : -1).OrderDescending().ToList();

        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Impact", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=impact"));
        await Expect(page.GetByText("the queue sorted by financial impact, largest first")).ToBeVisibleAsync();
        Assert.Equal(impacts.Take(50), (await ColumnAsync(page, "Impact")).Select(ParseAmount));

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=impact.*page=|page=.*sort=impact"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "First page" })).ToBeVisibleAsync();
        Assert.Equal(impacts.Skip(50).Take(50), (await ColumnAsync(page, "Impact")).Select(ParseAmount));

        await page.GetByRole(AriaRole.Link, new() { Name = "Age (days)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=age"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "First page" })).ToHaveCountAsync(0);
        Assert.Equal(ages.Take(50), (await ColumnAsync(page, "Age (days)")).Select(a => a == "—" ? -1 : int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)));
        watched.AssertClean();
    }

    // The texts of one column of the break queue, found by its header.
    private static async Task<IReadOnlyList<string>> ColumnAsync(IPage page, string header)
    {
        var queue = page.Locator("table", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = header, Exact = true }) });
        await Expect(queue.Locator("tbody tr").First).ToBeVisibleAsync();
        var headers = await queue.Locator("thead th").AllTextContentsAsync();
        var column = headers.ToList().IndexOf(header) + 1;
        return await queue.Locator($"tbody tr td:nth-child({column})").AllTextContentsAsync();
    }

    private static decimal ParseAmount(string text) =>
        decimal.Parse(text.Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_forecast_run_page_lists_recommendations_and_records_feedback()
    {
        var id = host.Runs["forecast"];
        await using var watched = await host.OpenAsync(Role.Operator);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");
        var table = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "recommendations on this page" });
        await Expect(table).ToBeVisibleAsync();
        await watched.ScreenshotAsync("run-forecast");

        await page.GetByRole(AriaRole.Button, new() { Name = "Report" }).First.ClickAsync();
        await page.GetByLabel("Units sold").FillAsync("7");
        await page.GetByLabel("Sold out").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded 1 day(s)");
        await Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Variance" })).ToContainTextAsync("yes");
        watched.AssertClean();
    }

    [Fact]
    public async Task The_generation_run_page_shows_batches_rates_and_downloads_a_file()
    {
        var id = host.Runs["gen"];
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{id}");
        await Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "4 batches" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Quality checks" })).ToContainTextAsync("fraud rate");
        await watched.ScreenshotAsync("run-gen");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "manifest.json" }).ClickAsync());
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal(4000, manifest.RootElement.GetProperty("total_count").GetInt64());
        watched.AssertClean();
    }

    [Fact]
    public async Task A_reader_sees_no_write_buttons_anywhere()
    {
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync("/runs");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = host.Runs["gen"] })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1); // Sign out

        await page.GotoAsync($"/runs/{host.Runs["recon"]}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Break queue" })).ToBeVisibleAsync();
        foreach (var name in new[] { "Terminate", "Rerun", "Purge", "Move selected" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = name })).ToHaveCountAsync(0);
        }

        await page.GetByRole(AriaRole.Link, new() { NameRegex = HexId() }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Break ") })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Move to")).ToHaveCountAsync(0);

        await page.GotoAsync($"/runs/{host.Runs["forecast"]}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recommendations" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" })).ToHaveCountAsync(0);

        await page.GotoAsync("/new");
        await Expect(page.GetByText("may not start runs: that needs the operator role")).ToBeVisibleAsync();
        watched.AssertClean();
    }

    [Fact]
    public async Task An_admin_sees_purge_and_an_operator_does_not()
    {
        await using var admin = await host.OpenAsync(Role.Admin);
        await admin.Page.GotoAsync($"/runs/{host.Runs["gen"]}");
        await Expect(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Purge" })).ToBeVisibleAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Rerun" })).ToBeVisibleAsync();

        await using var operatorPage = await host.OpenAsync(Role.Operator);
        await operatorPage.Page.GotoAsync($"/runs/{host.Runs["gen"]}");
        await Expect(operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Rerun" })).ToBeVisibleAsync();
        await Expect(operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Purge" })).ToHaveCountAsync(0);
        admin.AssertClean();
        operatorPage.AssertClean();
    }

    [Fact]
    public async Task A_refused_request_shows_the_API_problem_text()
    {
        await using var watched = await host.OpenAsync(Role.Operator);
        var page = watched.Page;
        await page.GotoAsync("/new?kind=gen");
        await page.GetByLabel("Rows").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("parameters.count");
    }

    [Fact]
    public async Task The_upload_form_uploads_a_drop_manifest_last_and_opens_its_run()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-upload-").FullName;
        try
        {
            Tributary.Reconciliation.Synthetic.ReconDataGenerator.WriteFiles("trades", 200, seed: 5, breakRate: 0.05, folder);
            await using var watched = await host.OpenAsync(Role.Operator);
            var page = watched.Page;
            await page.GotoAsync("/new");
            await page.GetByLabel("Workload").SelectOptionAsync("recon");
            await page.GetByLabel("Folder").FillAsync("browser-upload");
            await page.GetByLabel("Files").SetInputFilesAsync(new[] { Path.Combine(folder, "left.csv"), Path.Combine(folder, "right.csv") });
            await page.GetByLabel("Profile").SelectOptionAsync("trades");
            await watched.ScreenshotAsync("new-run");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and start" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Run drop-recon-") })).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var id = page.Url.Split('/').Last();
            var done = await host.WaitAsync(id);
            Assert.Equal(Pipeline.Runs.RuntimeStatus.Completed, done.RuntimeStatus);
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
            using var manifest = await host.Blobs.OpenReadAsync(new("recon-drop", "browser-upload/manifest.json"), default);
            Assert.Equal("trades", JsonDocument.Parse(manifest).RootElement.GetProperty("profile").GetString());
            watched.AssertClean();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_drops_and_health_pages_show_their_reports()
    {
        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync("/drops");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pending" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quarantined" })).ToBeVisibleAsync();
        await watched.ScreenshotAsync("drops");

        await page.GetByRole(AriaRole.Link, new() { Name = "Health" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/health$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dependencies" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timers" })).ToBeVisibleAsync();
        await watched.ScreenshotAsync("health");
        watched.AssertClean();
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex HexId();
}
