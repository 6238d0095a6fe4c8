using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Host.Client;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Reconciliation;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Host.Reconciliation;

/// <summary>`tributary recon suggestions`: the suggested matches of a reconciliation run on a running host, every page followed.</summary>
internal static class SuggestionsVerb
{
    public static Command Create()
    {
        var runId = new Argument<string>("runId") { Description = "Id of the reconciliation run (see `tributary list --kind recon`)." };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Only suggestions at least this sure (0-1), e.g. 0.5." };
        minConfidence.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value is >= 0 and <= 1))
            {
                result.AddError("--min-confidence must be between 0 and 1");
            }
        });
        var kinds = Enum.GetValues<SuggestionKind>().Select(k => k.Name()).ToArray();
        var kind = new Option<string?>("--kind") { Description = $"Only suggestions of this kind: {string.Join(", ", kinds)}." };
        kind.AcceptOnlyFromAmong(kinds);
        var status = new Option<string?>("--status") { Description = $"Only suggestions in this status: {string.Join(", ", ReconSuggestionDocument.Statuses)}." };
        status.AcceptOnlyFromAmong([.. ReconSuggestionDocument.Statuses]);
        var pageSize = ListingOptions.PageSize("Suggestions", ResultQueries.DefaultPageSize, ResultQueries.MaxPageSize);
        var json = ListingOptions.Json("the suggestions (the stored documents, with their decisions)");
        var connection = new HostConnection();
        var command = new Command("suggestions", CliHelp.WithExamples(
            "List the suggested matches of a reconciliation run on a running host (GET /api/recon/{runId}/suggestions), surest first. " +
            "Accept one with `tributary recon accept`, reject it with `tributary recon reject`.",
            "tributary recon suggestions recon-2026-05-01 --min-confidence 0.5",
            "tributary recon suggestions recon-2026-05-01 --kind one_to_many --json | jq '.[].id'"))
        {
            runId, minConfidence, kind, status, pageSize, json,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var run = parse.GetValue(runId)!;
            var query = $"api/recon/{Uri.EscapeDataString(run)}/suggestions?pageSize={parse.GetValue(pageSize).ToString(CultureInfo.InvariantCulture)}" +
                ListingOptions.Filter("minConfidence", parse.GetValue(minConfidence)?.ToString("R", CultureInfo.InvariantCulture)) +
                ListingOptions.Filter("kind", parse.GetValue(kind)) + ListingOptions.Filter("status", parse.GetValue(status));
            var found = await ListingOptions.AllPagesAsync(async token =>
            {
                var page = await client.GetJsonAsync<ResultPage>(query + ListingOptions.Filter("continuationToken", token), $"list the suggestions of run {run}", cancel);
                return (page.Items, page.ContinuationToken);
            });

            var documents = found.Select(s => s.Deserialize<ReconSuggestionDocument>(Pipeline.Durable.DurableJson.Options)!)
                .OrderByDescending(s => s.Confidence).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(documents, Pipeline.Durable.DurableJson.Options));
                return 0;
            }

            var table = new Table().AddColumn("suggestion").AddColumn("kind").AddColumn(new TableColumn("confidence").RightAligned()).AddColumn("status")
                .AddColumn("left").AddColumn("right").AddColumn("explanation").AddColumn("would match if");
            foreach (var s in documents)
            {
                table.AddRow(
                    Markup.Escape(s.Id), Markup.Escape(s.Kind), s.Confidence.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(s.Status),
                    Markup.Escape(string.Join(';', s.LeftRecords)), Markup.Escape(string.Join(';', s.RightRecords)), Markup.Escape(s.Explanation),
                    Markup.Escape(s.WouldMatchIf));
            }

            CliAction.Data.Write(table);
            CliAction.Progress.MarkupLine($"[grey]{documents.Count} suggestion{(documents.Count == 1 ? "" : "s")} of run {Markup.Escape(run)}[/]");
            return 0;
        }));
        return command;
    }
}
