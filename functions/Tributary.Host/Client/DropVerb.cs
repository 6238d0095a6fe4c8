using System.CommandLine;
using System.Text;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Host.Cli;
using Tributary.Pipeline.Uploads;

namespace Tributary.Host.Client;

/// <summary>`tributary drop`: upload a local folder as a drop of a running host (PUT /api/drops/…), manifest last, and print the run it starts.</summary>
internal static class DropVerb
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = $"Workload whose drop this is: {string.Join(", ", DropFiles.Kinds)}." };
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Local folder with the drop's files: hpi transactions.csv, tracts.csv, tract_years.csv; recon left.csv, right.csv; " +
                "forecast sales.csv, weather.csv, events.csv, products.csv; and manifest.json (an empty {} is sent when there is none). " +
                "Other files are left out. For gen, manifest.json is the request.",
        };
        var name = new Option<string?>("--name") { Description = "Folder name in the drop container (gen: the request's name). Default: the local folder's name." };
        var wait = new Option<bool>("--wait") { Description = "Poll until the run finishes, with a progress bar, then print its output. Exit 1 when it did not complete." };
        var connection = new HostConnection();
        var command = new Command("drop", CliHelp.WithExamples(
            "Upload a folder's drop files to a running host, manifest.json last, which starts the run; prints the run id.",
            "tributary drop hpi ./market-7 --wait",
            "tributary drop recon ./2026-05-01 --name trades-2026-05-01",
            "tributary drop gen ./nightly-request"))
        {
            kind, folder, name, wait,
        };
        connection.AddTo(command);
        command.SetAction(ClientAction.Run(async (parse, cancel) =>
        {
            var kindName = parse.GetValue(kind)!;
            var directory = parse.GetValue(folder)!;
            if (DropFiles.For(kindName) is not { } names)
            {
                throw new InvalidInputException(new InputError("kind", 0, null, $"'{kindName}' has no drop; one of {string.Join(", ", DropFiles.Kinds)}"));
            }

            if (!directory.Exists)
            {
                throw new DirectoryNotFoundException($"folder not found: {directory.FullName}");
            }

            var dropName = parse.GetValue(name) ?? directory.Name;
            var files = names.Select(n => new FileInfo(Path.Combine(directory.FullName, n))).Where(f => f.Exists).ToList();
            if (names.Count > 0 && files.Count == 0)
            {
                throw new InvalidInputException(new InputError(directory.FullName, 0, null, $"none of the {kindName} drop's files is here ({string.Join(", ", names)})"));
            }

            var manifest = new FileInfo(Path.Combine(directory.FullName, DropFiles.Manifest));
            using var client = await connection.ConnectAsync(parse, cancel, Timeout.InfiniteTimeSpan);
            var prefix = $"api/drops/{Uri.EscapeDataString(kindName)}/";
            foreach (var file in files)
            {
                await using var content = file.OpenRead();
                var stored = await client.PutStreamAsync<DropUploaded>(prefix + $"{Uri.EscapeDataString(dropName)}/{Uri.EscapeDataString(file.Name)}", content, $"upload {file.Name}", cancel);
                CliAction.Progress.MarkupLineInterpolated($"[grey]uploaded[/] {stored.Container}/{stored.Path} [grey]({stored.Bytes:N0} bytes)[/]");
            }

            // The trigger goes last: its arrival starts the run. A gen drop is the request file itself.
            var triggerPath = kindName == Pipeline.Generation.GenerationWorkload.KindName
                ? $"{Uri.EscapeDataString(dropName)}.json"
                : $"{Uri.EscapeDataString(dropName)}/{DropFiles.Manifest}";
            await using var trigger = manifest.Exists ? manifest.OpenRead() : (Stream)new MemoryStream(Encoding.UTF8.GetBytes("{}"));
            var started = await client.PutStreamAsync<DropUploaded>(prefix + triggerPath, trigger, $"upload {DropFiles.Manifest}", cancel);
            CliAction.Progress.MarkupLineInterpolated($"[grey]uploaded[/] {started.Container}/{started.Path}{(manifest.Exists ? "" : " (an empty {} manifest)")}: {started.Decision ?? "stored"}");
            if (started.RunId is null)
            {
                CliAction.Error($"the host started no run for {started.Container}/{started.Path}");
                return CliAction.EnvironmentFailure;
            }

            Console.WriteLine(started.RunId);
            if (started.Decision == "Quarantined")
            {
                CliAction.Error($"the drop's names were refused and it was quarantined; see `GET /api/drops/quarantined` (run {started.RunId})");
                return CliAction.InvalidInput;
            }

            return parse.GetValue(wait) ? await RunDisplay.WaitAndShowAsync(client, started.RunId, cancel) : 0;
        }));
        return command;
    }
}
