using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Cli;
using Tributary.Host.LocalData;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>`tributary submit`, `tributary rerun` and `tributary status`: start, re-run and watch runs on a running host.</summary>
public static class ClientCommands
{
    public static IEnumerable<Command> Create() => [Submit(), Rerun(), Status()];

    private static Option<string?> HostOption() => new("--host")
    {
        Description = "Address of the running `tributary serve`. Default: the API address in the data directory's endpoints.json " +
            $"(see --data) when something answers there, else {PipelineClient.DefaultHost}.",
    };

    private static Option<string?> DataOption() => LocalDataSession.DataOption(
        "Data directory of the running `serve`, whose endpoints.json names its address (ignored with --host).");

    private static async Task<(PipelineClient Client, DiscoveredHost Host)> ConnectAsync(ParseResult parse, Option<string?> host, Option<string?> data, CancellationToken cancel)
    {
        var found = await HostDiscovery.ResolveAsync(parse.GetValue(host), parse.GetValue(data), cancel);
        return (PipelineClient.For(found.Address), found);
    }

    private static Option<bool> WaitOption() => new("--wait")
    {
        Description = "Poll until the run finishes, with a progress bar, then print its output. Exit 1 when it did not complete.",
    };

    private static Command Submit()
    {
        var kind = new Argument<string>("kind") { Description = "Workload: hpi, gen or recon." };
        var source = new Option<string?>("--source")
        {
            Description = "Input folder as container/prefix, e.g. hpi-drop/market-7/ (hpi, recon). Omit for gen.",
        };
        var parameters = new Option<FileInfo?>("--parameters")
        {
            Description = "JSON file of the workload's parameters (the same shape as a drop's manifest.json or a gen request).",
        };
        var id = new Option<string?>("--id") { Description = "Run id; a second submit with the same id returns the existing run." };
        var host = HostOption();
        var data = DataOption();
        var wait = WaitOption();
        var command = new Command("submit", "Start a run on a running host (POST /api/runs/{kind}) and print its id and status URL.")
        {
            kind, source, parameters, id, host, data, wait,
        };
        command.SetAction(CliAction.Run(Guard(async (parse, cancel) =>
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

            var (client, _) = await ConnectAsync(parse, host, data, cancel);
            using var owned = client;
            var links = await Call(() => client.StartAsync(parse.GetValue(kind)!, new StartRunBody(parse.GetValue(id), folder, json), cancel));
            Console.WriteLine(links.Id);
            CliAction.Progress.MarkupLineInterpolated($"[grey]status:[/] {links.StatusQueryGetUri}");
            return parse.GetValue(wait) ? await WaitAndShowAsync(client, links.Id, cancel) : 0;
        })));
        return command;
    }

    private static Command Rerun()
    {
        var id = new Argument<string>("id") { Description = "Id of the finished run to run again on the same input." };
        var host = HostOption();
        var data = DataOption();
        var wait = WaitOption();
        var command = new Command("rerun",
            "Run a finished run again on the same input (POST /api/runs/{id}/rerun) as {id}.rerun-{n}; reconciliation breaks keep their workflow.")
        {
            id, host, data, wait,
        };
        command.SetAction(CliAction.Run(Guard(async (parse, cancel) =>
        {
            var (client, _) = await ConnectAsync(parse, host, data, cancel);
            using var owned = client;
            var links = await Call(() => client.RerunAsync(parse.GetValue(id)!, cancel));
            Console.WriteLine(links.Id);
            CliAction.Progress.MarkupLineInterpolated($"[grey]status:[/] {links.StatusQueryGetUri}");
            return parse.GetValue(wait) ? await WaitAndShowAsync(client, links.Id, cancel) : 0;
        })));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "Run id as printed by submit or listed by GET /api/runs." };
        var host = HostOption();
        var data = DataOption();
        var wait = WaitOption();
        var command = new Command("status", "Show a run's status, progress and output (GET /api/runs/{id}).") { id, host, data, wait };
        command.SetAction(CliAction.Run(Guard(async (parse, cancel) =>
        {
            var (client, found) = await ConnectAsync(parse, host, data, cancel);
            using var owned = client;
            if (parse.GetValue(wait))
            {
                return await WaitAndShowAsync(client, parse.GetValue(id)!, cancel);
            }

            var status = await Call(() => client.GetAsync(parse.GetValue(id)!, cancel));
            if (status is null)
            {
                CliAction.Error($"run {parse.GetValue(id)} does not exist on {found.Address}");
                return CliAction.InvalidInput;
            }

            Show(status);
            return 0;
        })));
        return command;
    }

    private static async Task<int> WaitAndShowAsync(PipelineClient client, string id, CancellationToken cancel)
    {
        RunStatusView? final = null;
        await CliAction.Progress.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(id, maxValue: 1);
            final = await Call(() => client.WaitAsync(id, status =>
            {
                if (status.CustomStatus is { ValueKind: JsonValueKind.Object } custom
                    && custom.TryGetProperty("done", out var done) && custom.TryGetProperty("total", out var total) && total.GetInt32() > 0)
                {
                    task.MaxValue = total.GetInt32();
                    task.Value = done.GetInt32();
                    task.Description = $"{id} {custom.GetProperty("phase").GetString()}";
                }
            }, TimeSpan.FromHours(2), cancel));
            task.Value = task.MaxValue;
        });
        Show(final!);
        return final!.RuntimeStatus == RuntimeStatus.Completed ? 0 : 1;
    }

    private static void Show(RunStatusView status)
    {
        var table = new Table().AddColumn("run").AddColumn(status.Id);
        table.AddRow("kind", status.Kind);
        table.AddRow("status", status.RuntimeStatus.ToString());
        table.AddRow("created", status.CreatedTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("updated", status.LastUpdatedTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        if (status.CustomStatus is { } custom)
        {
            table.AddRow("progress", Markup.Escape(custom.GetRawText()));
        }

        if (status.Failure is { } failure)
        {
            table.AddRow("failure", Markup.Escape($"{failure.ErrorType}: {failure.Message}"));
        }

        CliAction.Progress.Write(table);
        if (status.Output is { } output)
        {
            Console.WriteLine(JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    // A refused request or an unreachable host is an environment problem: message and exit 3, no stack trace.
    private static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, cancel) =>
        {
            try
            {
                return await body(parse, cancel);
            }
            catch (PipelineClientException e)
            {
                CliAction.Error(e.Message);
                return CliAction.EnvironmentFailure;
            }
        };

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            throw new PipelineClientException($"cannot reach the host: {e.Message} (is `tributary serve` running? see --host and --data)");
        }
    }
}
