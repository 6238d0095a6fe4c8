using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Host.Client;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Reconciliation;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Reconciliation;

/// <summary>`tributary recon breaks`: the breaks a reconciliation run found on a running host, filtered, every page followed.</summary>
internal static class BreaksVerb
{
    public static Command Create()
    {
        var runId = new Argument<string>("runId") { Description = "Id of the reconciliation run (see `tributary list --kind recon`)." };
        var status = new Option<string?>("--status") { Description = $"Only breaks in this workflow status: {StatusNames}." };
        status.AcceptOnlyFromAmong([.. Enum.GetValues<BreakStatus>().Select(s => s.Name())]);
        var severities = Enum.GetValues<Severity>().Select(s => s.Name()).ToArray();
        var severity = new Option<string?>("--severity") { Description = $"Only breaks of this severity: {string.Join(", ", severities)}." };
        severity.AcceptOnlyFromAmong(severities);
        var type = new Option<string?>("--type") { Description = $"Only breaks of this type: {string.Join(", ", BreakFilters.Types)}." };
        var pageSize = ListingOptions.PageSize("Breaks", ResultQueries.DefaultPageSize, ResultQueries.MaxPageSize);
        var json = ListingOptions.Json("the breaks (the stored break documents, with their history)");
        var connection = new HostConnection();
        var command = new Command("breaks", CliHelp.WithExamples(
            "List the breaks of a reconciliation run on a running host (GET /api/recon/{runId}/breaks), following continuation tokens.",
            "tributary recon breaks recon-2026-05-01",
            "tributary recon breaks recon-2026-05-01 --status open --severity high",
            "tributary recon breaks recon-2026-05-01 --json | jq '.[] | select(.financialImpact > 1000) | .id'"))
        {
            runId, status, severity, type, pageSize, json,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var run = parse.GetValue(runId)!;
            var query = $"api/recon/{Uri.EscapeDataString(run)}/breaks?pageSize={parse.GetValue(pageSize).ToString(CultureInfo.InvariantCulture)}" +
                ListingOptions.Filter("status", parse.GetValue(status)) + ListingOptions.Filter("severity", parse.GetValue(severity)) + ListingOptions.Filter("type", parse.GetValue(type));
            var breaks = await ListingOptions.AllPagesAsync(async token =>
            {
                var page = await client.GetJsonAsync<ResultPage>(query + ListingOptions.Filter("continuationToken", token), $"list the breaks of run {run}", cancel);
                return (page.Items, page.ContinuationToken);
            });

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(breaks, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            var documents = breaks.Select(b => b.Deserialize<ReconBreakDocument>(Pipeline.Durable.DurableJson.Options)!).ToList();
            var table = new Table().AddColumn("break").AddColumn("type").AddColumn("severity").AddColumn("status").AddColumn("assignee")
                .AddColumn("key").AddColumn("field").AddColumn(new TableColumn("impact").RightAligned());
            foreach (var b in documents)
            {
                table.AddRow(
                    Markup.Escape(b.Id), Markup.Escape(b.Type), Markup.Escape(b.Severity), Markup.Escape(b.Status), Markup.Escape(b.Assignee ?? ""),
                    Markup.Escape(b.Key), Markup.Escape(b.Field), Markup.Escape($"{b.FinancialImpact.ToString("N2", CultureInfo.InvariantCulture)} {b.Currency}"));
            }

            CliAction.Data.Write(table);
            CliAction.Progress.MarkupLine($"[grey]{documents.Count} break{(documents.Count == 1 ? "" : "s")} of run {Markup.Escape(run)}[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>The workflow statuses a break can be in, for help texts.</summary>
    public static string StatusNames => string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()));
}
