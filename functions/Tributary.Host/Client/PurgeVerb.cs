using System.CommandLine;
using Spectre.Console;
using Tributary.Host.Cli;

namespace Tributary.Host.Client;

/// <summary>`tributary purge`: delete a finished run and everything it produced from a running host.</summary>
internal static class PurgeVerb
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Id of the finished (Completed, Failed or Terminated) run to delete." };
        var connection = new HostConnection();
        var command = new Command("purge", CliHelp.WithExamples(
            "Purge a finished run (DELETE /api/runs/{id}): its state, history, child instances and results (documents and output blobs). " +
            "It cannot be undone. An unfinished run answers 409 (exit 2): terminate it first.",
            "tributary purge hpi-2026-05-01",
            "tributary list --status Failed --json | jq -r '.[].id' | xargs -n1 tributary purge"))
        {
            id,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var purged = await client.PurgeAsync(parse.GetValue(id)!, cancel);
            Console.WriteLine(parse.GetValue(id));
            CliAction.Progress.MarkupLineInterpolated(
                $"[grey]purged: {purged.InstancesDeleted} instance(s), {purged.ResultsDeleted} result document(s) and blob(s)[/]");
            return 0;
        }));
        return command;
    }
}
