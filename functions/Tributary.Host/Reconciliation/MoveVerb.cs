using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Host.Client;
using Tributary.Pipeline.Reconciliation;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Reconciliation;

/// <summary>`tributary recon move`: move one break along its workflow on a running host.</summary>
internal static class MoveVerb
{
    public static Command Create()
    {
        var runId = new Argument<string>("runId") { Description = "Id of the reconciliation run." };
        var breakId = new Argument<string>("breakId") { Description = "Id of the break (the first column of `tributary recon breaks`)." };
        var to = new Option<string>("--to") { Description = $"The status to move the break to: {BreaksVerb.StatusNames}.", Required = true };
        to.AcceptOnlyFromAmong([.. Enum.GetValues<BreakStatus>().Select(s => s.Name())]);
        var assignee = new Option<string?>("--assignee") { Description = "Who should work the break from now on; an empty value (--assignee \"\") clears it." };
        var comment = new Option<string?>("--comment") { Description = "A note stored with the change, e.g. why it was resolved." };
        var connection = new HostConnection();
        var command = new Command("move", CliHelp.WithExamples(
            "Move a break along its workflow (PATCH /api/recon/{runId}/breaks/{breakId}): open → in_review → resolved | escalated → closed. " +
            "The host records who did it from the API key; a move the workflow does not allow answers 409 (exit 2).",
            "tributary recon move recon-2026-05-01 b-000042 --to in_review --assignee alice",
            "tributary recon move recon-2026-05-01 b-000042 --to resolved --comment \"custodian booked it a day late\""))
        {
            runId, breakId, to, assignee, comment,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var (run, id, target) = (parse.GetValue(runId)!, parse.GetValue(breakId)!, parse.GetValue(to)!);

            // Who acted is the server's to say (from the credential), so no actor is sent; null fields are left out of the body.
            var moved = await client.PatchJsonAsync<ReconBreakDocument>(
                $"api/recon/{Uri.EscapeDataString(run)}/breaks/{Uri.EscapeDataString(id)}",
                new BreakMove(target, parse.GetValue(assignee), parse.GetValue(comment)),
                $"move break {id} of run {run} to {target}",
                cancel);
            Console.WriteLine($"{moved.Id} {moved.Status}");
            var table = new Table().AddColumn("break").AddColumn(Markup.Escape(moved.Id));
            table.AddRow("status", Markup.Escape(moved.Status));
            table.AddRow("assignee", Markup.Escape(moved.Assignee ?? ""));
            foreach (var change in moved.History.TakeLast(3))
            {
                var note = change.Note is { Length: > 0 } n ? $": {n}" : "";
                table.AddRow("history", Markup.Escape($"{change.At.ToString("u", CultureInfo.InvariantCulture)} {change.From.Name()} → {change.To.Name()} by {change.Actor}{note}"));
            }

            CliAction.Progress.Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>The PATCH body: the target status, the assignee (empty clears) and a free-text comment.</summary>
    internal sealed record BreakMove(string Status, string? Assignee, string? Comment);
}
