using System.CommandLine;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Host.Client;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Host.Reconciliation;

/// <summary>`tributary recon accept` and `tributary recon reject`: an approver's decision on one suggested match, on a running host.</summary>
internal static class DecideVerb
{
    public static Command Create(bool accept)
    {
        var verb = accept ? "accept" : "reject";
        var runId = new Argument<string>("runId") { Description = "Id of the reconciliation run." };
        var suggestionId = new Argument<string>("suggestionId") { Description = "Id of the suggestion (the first column of `tributary recon suggestions`)." };
        var comment = new Option<string?>("--comment")
        {
            Description = accept ? "A note stored with the decision and in each closed break's history." : "Why the suggestion is wrong (required: a rejection is remembered with its reason).",
            Required = !accept,
        };
        var connection = new HostConnection();
        var command = new Command(verb, CliHelp.WithExamples(
            accept
                ? "Accept a suggested match (POST /api/recon/{runId}/suggestions/{id}/accept): its breaks are closed as matched by it, each recorded " +
                  "with the key holder. Needs the approver role; a suggestion whose breaks moved meanwhile answers 409 (exit 2)."
                : "Reject a suggested match (POST /api/recon/{runId}/suggestions/{id}/reject): remembered with the key holder and the comment, " +
                  "and a re-run of the same input (`tributary rerun`) does not suggest it again. Needs the approver role.",
            accept
                ? "tributary recon accept recon-2026-05-01 3f9a0c2d41e8b7a6 --comment \"bank fee, confirmed with treasury\""
                : "tributary recon reject recon-2026-05-01 3f9a0c2d41e8b7a6 --comment \"different customers\""))
        {
            runId, suggestionId, comment,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var (run, id) = (parse.GetValue(runId)!, parse.GetValue(suggestionId)!);
            var decided = await client.PostJsonAsync<SuggestionDecisionResult>(
                $"api/recon/{Uri.EscapeDataString(run)}/suggestions/{Uri.EscapeDataString(id)}/{verb}",
                new DecisionBody(parse.GetValue(comment)),
                $"{verb} suggestion {id} of run {run}",
                cancel);
            Console.WriteLine($"{decided.Suggestion.Id} {decided.Suggestion.Status}");
            foreach (var closed in decided.Breaks)
            {
                Console.WriteLine($"{closed.Id} {closed.Status}");
            }

            CliAction.Progress.MarkupLine(accept
                ? $"[grey]{decided.Breaks.Count} break{(decided.Breaks.Count == 1 ? "" : "s")} closed as matched by suggestion {Markup.Escape(id)}[/]"
                : $"[grey]suggestion {Markup.Escape(id)} rejected; a re-run will not suggest it again[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>The POST body: the comment (left out when none).</summary>
    internal sealed record DecisionBody(string? Comment);
}
