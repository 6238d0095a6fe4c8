using System.CommandLine;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>`tributary terminate`: stop an unfinished run on a running host.</summary>
internal static class TerminateVerb
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Id of the Pending or Running run to stop (see `tributary list --status Running`)." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded as the run's output (shown by `tributary status`)." };
        var connection = new HostConnection();
        var command = new Command("terminate", CliHelp.WithExamples(
            "Terminate an unfinished run (POST /api/runs/{id}/terminate): no further activity is scheduled. A finished run answers 409 (exit 2).",
            "tributary terminate recon-2026-05-01",
            "tributary terminate gen-big --reason \"started with the wrong seed\""))
        {
            id, reason,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var run = await client.TerminateAsync(parse.GetValue(id)!, parse.GetValue(reason), cancel);
            Console.WriteLine(run.Id);
            if (run.RuntimeStatus == RuntimeStatus.Terminated)
            {
                CliAction.Progress.MarkupLine("[grey]terminated[/]");
            }
            else
            {
                CliAction.Progress.MarkupLineInterpolated(
                    $"[grey]terminate requested; the run is still {run.RuntimeStatus}. `tributary status {run.Id}` shows when it has stopped.[/]");
            }
            return 0;
        }));
        return command;
    }
}
