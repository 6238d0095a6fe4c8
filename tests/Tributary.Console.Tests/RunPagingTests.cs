using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tributary.Console.Tests.Support;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using static Microsoft.Playwright.Assertions;

namespace Tributary.Console.Tests;

/// <summary>
/// The Runs page over more runs than one page (50), on a host of its own so the other tests keep their first page: newest
/// first across pages (the run ids grow with time, so id order would show the oldest first), and the filters and the page
/// in the URL, restored by Back.
/// </summary>
[Collection(ManyRunsCollection.Name)]
public sealed class RunPagingTests(ConsoleHost host)
{
    private const int Extra = 55;

    [Fact]
    public async Task The_runs_page_pages_through_more_runs_than_a_page_newest_first_and_Back_restores_filters_and_page()
    {
        for (var i = 1; i <= Extra; i++)
        {
            // One at a time, so each run is created after the one before it.
            await host.StartAsync("gen", $$$"""{"id": "paged-{{{i:D3}}}", "parameters": {"seed": {{{i}}}, "count": 100, "batchSize": 100}}""");
        }

        for (var i = 1; i <= Extra; i++)
        {
            await host.WaitAsync($"paged-{i:D3}", 120);
        }

        // What newest first means, from the API: every run, in one page, by creation time.
        var all = (await host.Api.GetFromJsonAsync<RunPage>("api/runs?pageSize=1000", DurableJson.Options))!;
        Assert.Equal(RunOrder.NewestFirst, all.Order);
        var expected = all.Items.Select(r => r.Id).ToList();
        Assert.Equal(all.Items.OrderByDescending(r => r.CreatedTime).Select(r => r.Id), expected);
        Assert.True(expected.Count > 50 + 1);
        Assert.Equal($"paged-{Extra:D3}", expected[0]);

        await using var watched = await host.OpenAsync(Role.Reader);
        var page = watched.Page;
        await page.GotoAsync("/runs");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = expected[0], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(expected.Take(50), await RunLinksAsync(page));
        await Expect(page.GetByRole(AriaRole.Note)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs\?page="));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = expected[50], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(expected.Skip(50), await RunLinksAsync(page));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = expected[0], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(expected.Take(50), await RunLinksAsync(page));

        // Filtered and paged: the gen runs, newest first, over two pages; Back returns to the filtered first page, then to all.
        var gen = all.Items.Where(r => r.Kind == "gen" && r.RuntimeStatus == RuntimeStatus.Completed).Select(r => r.Id).ToList();
        Assert.True(gen.Count > 50);
        await page.GetByLabel("Workload").SelectOptionAsync("gen");
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs\?kind=gen$"));
        await page.GetByLabel("Status").SelectOptionAsync("Completed");
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs\?kind=gen&status=Completed$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = gen[0], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(gen.Take(50), await RunLinksAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs\?kind=gen&status=Completed&page="));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = gen[50], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(gen.Skip(50), await RunLinksAsync(page));
        await Expect(page.GetByLabel("Workload")).ToHaveValueAsync("gen");
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("Completed");

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs\?kind=gen&status=Completed$"));
        await Expect(page.GetByLabel("Workload")).ToHaveValueAsync("gen");
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("Completed");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = gen[0], Exact = true })).ToBeVisibleAsync();
        Assert.Equal(gen.Take(50), await RunLinksAsync(page));

        await page.GoBackAsync();
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs$"));
        await Expect(page.GetByLabel("Workload")).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = expected[0], Exact = true })).ToBeVisibleAsync();
        watched.AssertClean();
    }

    // The run id links of the table, top to bottom.
    private static async Task<IReadOnlyList<string>> RunLinksAsync(IPage page) =>
        await page.Locator("table tbody tr td:nth-child(2) a").AllInnerTextsAsync();
}

/// <summary>The paging test's own host and browser (a second <see cref="ConsoleHost"/>), so its runs do not push the others' off page one.</summary>
[CollectionDefinition(Name)]
public sealed class ManyRunsCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "console-many-runs";
}
