using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>`tributary list`: the runs of a running host, filtered, every page followed, as a table or JSON.</summary>
internal static class RunListVerb
{
    public static Command Create()
    {
        var kind = new Option<string?>("--kind") { Description = "Only runs of this workload (hpi, gen, recon, forecast, …)." };
        var status = new Option<string[]>("--status")
        {
            Description = $"Only runs in these states, comma-separated or repeated: {string.Join(", ", Enum.GetNames<RuntimeStatus>())} (any case).",
        };
        status.Validators.Add(result =>
        {
            foreach (var name in Statuses(result.GetValueOrDefault<string[]>()).Where(n => !Enum.TryParse<RuntimeStatus>(n, ignoreCase: true, out var s) || !Enum.IsDefined(s)))
            {
                result.AddError($"--status: '{name}' is not one of {string.Join(", ", Enum.GetNames<RuntimeStatus>())}");
            }
        });
        var from = TimeOption("--created-from", "Only runs created at or after this ISO 8601 time (UTC when no offset), e.g. 2026-05-01 or 2026-05-01T08:00:00+02:00.");
        var to = TimeOption("--created-to", "Only runs created at or before this ISO 8601 time (UTC when no offset).");
        var pageSize = ListingOptions.PageSize("Runs", RunListFilter.DefaultPageSize, RunListFilter.MaxPageSize);
        var json = ListingOptions.Json("the runs (the host's run views)");
        var connection = new HostConnection();
        var command = new Command("list", CliHelp.WithExamples(
            "List the runs of a running host (GET /api/runs), following continuation tokens until the last page.",
            "tributary list",
            "tributary list --kind recon --status Running,Pending",
            "tributary list --status Failed --created-from 2026-05-01 --json | jq -r '.[].id'"))
        {
            kind, status, from, to, pageSize, json,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var statuses = Statuses(parse.GetValue(status)).Select(n => Enum.Parse<RuntimeStatus>(n, ignoreCase: true)).Distinct().ToList();
            var filter = new RunListFilter(
                statuses.Count > 0 ? statuses : null, parse.GetValue(kind), parse.GetValue(from), parse.GetValue(to), parse.GetValue(pageSize), null);
            var pages = await ListingOptions.AllPagesAsync(async token =>
            {
                var page = await client.ListAsync(filter with { ContinuationToken = token }, cancel);
                return (page.Items, page.ContinuationToken);
            });

            // The host pages in its store's order (kind, then id); every page is here, so the list is shown newest first.
            var runs = pages.OrderByDescending(r => r.CreatedTime).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

            if (parse.GetValue(json))
            {
                RunDisplay.WriteJson(runs);
            }
            else
            {
                RunDisplay.ShowList(runs);
                CliAction.Progress.MarkupLine($"[grey]{runs.Count} run{(runs.Count == 1 ? "" : "s")}[/]");
            }

            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> Statuses(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // The host reads a time without an offset as UTC; System.CommandLine's own parser would take the machine's time zone.
    private static Option<DateTimeOffset?> TimeOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }

            result.AddError($"{name}: '{token}' is not an ISO 8601 date-time, e.g. 2026-05-01 or 2026-05-01T08:00:00Z");
            return null;
        },
    };
}
