using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Cli;
using Tributary.Host.LocalData;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>The run verbs of a running host: `submit`, `rerun` and `status` here; `list`, `terminate` and `purge` in their own files.</summary>
public static class ClientCommands
{
    public static IEnumerable<Command> Create() =>
        [Submit(), Rerun(), Status(), RunListVerb.Create(), TerminateVerb.Create(), PurgeVerb.Create(), DropVerb.Create(), ResultsVerb.Create()];

    private static Option<bool> WaitOption() => new("--wait")
    {
        Description = "Poll until the run finishes, with a progress bar, then print its output. Exit 1 when it did not complete.",
    };

    private static Command Submit()
    {
        var kind = new Argument<string>("kind") { Description = "Workload: hpi, recon, forecast or gen." };
        var source = new Option<string?>("--source")
        {
            Description = "Input folder as container/prefix, e.g. hpi-drop/market-7/ (hpi, recon, forecast: forecast-drop/stalls/). Omit for gen.",
        };
        var parameters = new Option<FileInfo?>("--parameters")
        {
            Description = "JSON file of the workload's parameters (the same shape as a drop's manifest.json or a gen request).",
        };
        var id = new Option<string?>("--id") { Description = "Run id; a second submit with the same id returns the existing run." };
        var connection = new HostConnection();
        var wait = WaitOption();
        var command = new Command("submit", CliHelp.WithExamples(
            "Start a run on a running host (POST /api/runs/{kind}) and print its id and status URL.",
            "tributary submit gen --wait",
            "tributary submit hpi --source hpi-drop/market-7/ --id market-7",
            "tributary submit recon --source recon-drop/2026-05-01/ --parameters recon.json --wait",
            "tributary submit forecast --source forecast-drop/stalls/ --wait"))
        {
            kind, source, parameters, id, wait,
        };
        connection.AddTo(command);
        command.SetAction(ClientAction.Run(async (parse, cancel) =>
        {
            SourceBody? folder = null;
            if (parse.GetValue(source) is { } s)
            {
                var slash = s.IndexOf('/', StringComparison.Ordinal);
                folder = slash < 0 ? new SourceBody(s, null) : new SourceBody(s[..slash], s[(slash + 1)..]);
            }

            JsonElement? json = null;
            if (parse.GetValue(parameters) is { } file)
            {
                if (!file.Exists)
                {
                    throw new FileNotFoundException($"parameters file {file.FullName} does not exist", file.FullName);
                }

                try
                {
                    using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file.FullName, cancel));
                    json = document.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    throw new InvalidInputException(new InputError(file.FullName, (e.LineNumber ?? -1) + 1, null, "not valid JSON"));
                }
            }

            // The parameters are checked before the host is looked for: a missing file is the first thing to fix.
            using var client = await connection.ConnectAsync(parse, cancel);
            var links = await client.StartAsync(parse.GetValue(kind)!, new StartRunBody(parse.GetValue(id), folder, json), cancel);
            Console.WriteLine(links.Id);
            CliAction.Progress.MarkupLineInterpolated($"[grey]status:[/] {links.StatusQueryGetUri}");
            return parse.GetValue(wait) ? await RunDisplay.WaitAndShowAsync(client, links.Id, cancel) : 0;
        }));
        return command;
    }

    private static Command Rerun()
    {
        var id = new Argument<string>("id") { Description = "Id of the finished run to run again on the same input." };
        var connection = new HostConnection();
        var wait = WaitOption();
        var command = new Command("rerun", CliHelp.WithExamples(
            "Run a finished run again on the same input (POST /api/runs/{id}/rerun) as {id}.rerun-{n}; reconciliation breaks keep the work of the newest run of that input (the last completed one, re-runs included).",
            "tributary rerun market-7 --wait"))
        {
            id, wait,
        };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            var links = await client.RerunAsync(parse.GetValue(id)!, cancel);
            Console.WriteLine(links.Id);
            CliAction.Progress.MarkupLineInterpolated($"[grey]status:[/] {links.StatusQueryGetUri}");
            return parse.GetValue(wait) ? await RunDisplay.WaitAndShowAsync(client, links.Id, cancel) : 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "Run id as printed by submit or listed by `tributary list`." };
        var connection = new HostConnection();
        var wait = WaitOption();
        var command = new Command("status", CliHelp.WithExamples(
            "Show a run's status, progress and output (GET /api/runs/{id}).",
            "tributary status market-7",
            "tributary status market-7 --wait")) { id, wait };
        connection.AddTo(command);
        command.SetAction(connection.Action(async (parse, client, cancel) =>
        {
            if (parse.GetValue(wait))
            {
                return await RunDisplay.WaitAndShowAsync(client, parse.GetValue(id)!, cancel);
            }

            var status = await client.GetAsync(parse.GetValue(id)!, cancel);
            if (status is null)
            {
                CliAction.Error($"run {parse.GetValue(id)} does not exist on {client.Address}");
                return CliAction.InvalidInput;
            }

            RunDisplay.Show(status);
            return 0;
        }));
        return command;
    }
}
