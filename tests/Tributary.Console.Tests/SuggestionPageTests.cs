using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tributary.Console.Tests.Support;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using static Microsoft.Playwright.Assertions;

namespace Tributary.Console.Tests;

/// <summary>The break workbench in chromium: a break's suggested matches accepted and rejected by an approver, and the queue's bulk move.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SuggestionPageTests(ConsoleHost host)
{
    [Fact]
    public async Task An_approver_accepts_a_suggestion_from_the_break_view_and_both_breaks_close_as_matched()
    {
        var run = host.Runs["recon"];
        var (left, right, _) = await SeedAsync("00000000000000c1", "00000000000000c2");

        await using var approver = await host.OpenAsync(Role.Approver);
        var page = approver.Page;
        await page.GotoAsync($"/runs/{run}/breaks/{left}");
        var card = page.GetByRole(AriaRole.Table, new() { Name = "Suggestion 00000000000000c1" });
        await Expect(card).ToContainTextAsync(new Regex(@"87\s?%"));
        await Expect(card).ToContainTextAsync("reference 1 transposition apart (INV123 vs INV132)");
        await Expect(card).ToContainTextAsync("amount tolerance 2.50");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = right })).ToBeVisibleAsync();
        await page.GetByLabel("Comment on suggestion 00000000000000c1").FillAsync("bank fee, confirmed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted: 2 break(s) closed as matched.");
        await Expect(page.GetByTestId("break-status")).ToHaveTextAsync("closed");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "History" })).ToContainTextAsync("bank fee, confirmed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);
        await approver.ScreenshotAsync("break-suggestions");
        using var stored = JsonDocument.Parse(await host.Api.GetStringAsync($"api/recon/{run}/breaks/{right}"));
        Assert.Equal(("closed", "00000000000000c1"), (stored.RootElement.GetProperty("status").GetString(), stored.RootElement.GetProperty("matchedBySuggestion").GetString()));
        Assert.Equal("approver-key", stored.RootElement.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString());
        approver.AssertClean();
    }

    [Fact]
    public async Task A_refused_reject_shows_the_problem_text_and_an_operator_sees_no_decision_buttons()
    {
        var run = host.Runs["recon"];
        var (_, _, lone) = await SeedAsync("00000000000000d1", "00000000000000d2");

        await using var approver = await host.OpenAsync(Role.Approver);
        var page = approver.Page;
        await page.GotoAsync($"/runs/{run}/breaks/{lone}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Suggestion 00000000000000d2" })).ToContainTextAsync(new Regex(@"41\s?%"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("comment");
        await page.GetByLabel("Comment on suggestion 00000000000000d2").FillAsync("different customers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rejected");
        await Expect(page.GetByText(new Regex("rejected by approver-key .*different customers"))).ToBeVisibleAsync();

        await using var operatorPage = await host.OpenAsync(Role.Operator);
        await operatorPage.Page.GotoAsync($"/runs/{run}/breaks/{lone}");
        await Expect(operatorPage.Page.GetByRole(AriaRole.Table, new() { Name = "Suggestion 00000000000000d2" })).ToBeVisibleAsync();
        await Expect(operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);
        await Expect(operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToHaveCountAsync(0);
        operatorPage.AssertClean();
    }

    [Fact]
    public async Task The_queue_moves_the_checked_breaks_in_one_request_and_lists_each_outcome()
    {
        var run = host.Runs["recon"];
        await using var watched = await host.OpenAsync(Role.Operator);
        var page = watched.Page;
        await page.GotoAsync($"/runs/{run}?status=open");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Break queue" })).ToBeVisibleAsync();
        var boxes = page.GetByRole(AriaRole.Checkbox);
        var first = (await boxes.Nth(0).GetAttributeAsync("aria-label"))!.Replace("Select break ", "", StringComparison.Ordinal);
        var second = (await boxes.Nth(1).GetAttributeAsync("aria-label"))!.Replace("Select break ", "", StringComparison.Ordinal);
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await page.GetByLabel("Move selected to").SelectOptionAsync("in_review");
        await page.GetByLabel("Note for all").FillAsync("triage");

        var request = page.WaitForRequestAsync(r => r.Method == "PATCH" && r.Url.EndsWith($"/api/recon/{run}/breaks", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Move selected" }).ClickAsync();
        await request;

        var results = page.GetByRole(AriaRole.List, new() { Name = "Bulk move results" });
        await Expect(results).ToContainTextAsync($"{first}: in_review");
        await Expect(results).ToContainTextAsync($"{second}: in_review");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved 2 of 2");
        foreach (var id in new[] { first, second })
        {
            using var stored = JsonDocument.Parse(await host.Api.GetStringAsync($"api/recon/{run}/breaks/{id}"));
            Assert.Equal("in_review", stored.RootElement.GetProperty("status").GetString());
            Assert.Equal("triage", stored.RootElement.GetProperty("history").EnumerateArray().Last().GetProperty("comment").GetString());
        }

        watched.AssertClean();
    }

    // Two suggestions on three open breaks of the sample run, taken from the end of the queue so other tests' breaks are left alone:
    // the first groups two breaks (0.87), the second one break (0.41).
    private async Task<(string Left, string Right, string Lone)> SeedAsync(string pair, string single)
    {
        var run = host.Runs["recon"];
        var open = new List<ReconBreakDocument>();
        string? token = null;
        do
        {
            var page = await host.Documents.QueryAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, run, new Dictionary<string, string> { ["status"] = "open" }, 500, token, default);
            open.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        var taken = open.Where(b => b.Suggestions is null).OrderBy(b => b.Id, StringComparer.Ordinal).TakeLast(3).ToList();
        var (left, right, lone) = (taken[0], taken[1], taken[2]);
        await host.Documents.UpsertAsync(ResultContainers.ReconSuggestions, run, pair, new ReconSuggestionDocument(pair, run, "trades", "one_to_one", "", [3], [5],
            [left.Id, right.Id], 0.87, "reference 1 transposition apart (INV123 vs INV132); amount short by 2.50, a typical bank fee", "amount tolerance 2.50", 2.5m, "proposed"), default);
        await host.Documents.UpsertAsync(ResultContainers.ReconSuggestions, run, single, new ReconSuggestionDocument(single, run, "trades", "one_to_one", "", [9], [11],
            [lone.Id], 0.41, "same amount; booked 2 days later", "", 1m, "proposed"), default);
        foreach (var (b, s) in new[] { (left, pair), (right, pair), (lone, single) })
        {
            await host.Documents.UpsertAsync(ResultContainers.ReconBreaks, run, b.Id, b with { Suggestions = [s] }, default);
        }

        return (left.Id, right.Id, lone.Id);
    }
}
