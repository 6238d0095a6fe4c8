using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>
/// `tributary results`: what a finished run produced, as files a data team scripts against: every output file of the run
/// (GET /api/runs/{id}/files), and from the read APIs the HPI series per CBSA and national (every weighting) and the
/// reconciliation breaks with their current status, assignee and last comment, as CSV.
/// </summary>
internal static class ResultsVerb
{
    private const long ProgressBarBytes = 8L << 20;

    public static Command Create()
    {
        var id = new Argument<string>("runId") { Description = "Id of a completed run." };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Folder to write into (created). Default: ./<runId>." };
        var connection = new HostConnection();
        var command = new Command("results", CliHelp.WithExamples(
            "Download what a completed run produced: its output files (national.csv, summary.json, recommendations.csv, generated batches and " +
            "manifest.json), HPI series as CSV per CBSA and national (series/<cbsa>.csv, every weighting), and a reconciliation's breaks.csv " +
            "(current status, assignee, last comment). Prints the folder.",
            "tributary results drop-hpi-3f2a… --out ./hpi-results",
            "tributary results recon-2026-05-01 && head recon-2026-05-01/breaks.csv"))
        {
            id, outDir,
        };
        connection.AddTo(command);
        command.SetAction(ClientAction.Run(async (parse, cancel) =>
        {
            var runId = parse.GetValue(id)!;
            using var client = await connection.ConnectAsync(parse, cancel, Timeout.InfiniteTimeSpan);
            var run = await client.GetAsync(runId, cancel);
            if (run is null)
            {
                CliAction.Error($"run {runId} does not exist on {client.Address}");
                return CliAction.InvalidInput;
            }

            if (run.RuntimeStatus != RuntimeStatus.Completed)
            {
                CliAction.Error($"run {runId} is {run.RuntimeStatus}: only a completed run has results (see `tributary status {runId}`)");
                return 1;
            }

            var folder = parse.GetValue(outDir) ?? new DirectoryInfo(Path.Combine(Directory.GetCurrentDirectory(), runId));
            folder.Create();
            var files = await client.GetJsonAsync<RunFileList>($"api/runs/{Uri.EscapeDataString(runId)}/files", $"list the files of run {runId}", cancel);
            await DownloadAsync(client, runId, files.Files, folder, cancel);
            switch (run.Kind)
            {
                case Pipeline.Hpi.HpiWorkload.KindName:
                    await WriteSeriesAsync(client, run, folder, cancel);
                    break;
                case Pipeline.Reconciliation.ReconciliationWorkload.KindName:
                    await WriteBreaksAsync(client, runId, folder, cancel);
                    break;
            }

            Console.WriteLine(folder.FullName);
            return 0;
        }));
        return command;
    }

    private static async Task DownloadAsync(PipelineClient client, string runId, IReadOnlyList<RunFileEntry> files, DirectoryInfo folder, CancellationToken cancel)
    {
        var total = files.Sum(f => f.Bytes);
        async Task Each(Action<RunFileEntry, long>? progress)
        {
            foreach (var file in files)
            {
                var target = new FileInfo(Path.Combine(folder.FullName, file.Name.Replace('/', Path.DirectorySeparatorChar)));
                target.Directory!.Create();
                var path = $"api/runs/{Uri.EscapeDataString(runId)}/files/{string.Join('/', file.Name.Split('/').Select(Uri.EscapeDataString))}";
                using var response = await client.OpenAsync(path, $"download {file.Name} of run {runId}", cancel);
                await using var source = await response.Content.ReadAsStreamAsync(cancel);
                await using var sink = target.Create();
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, cancel)) > 0)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancel);
                    progress?.Invoke(file, read);
                }

                if (progress is null)
                {
                    CliAction.Progress.MarkupLineInterpolated($"[grey]wrote[/] {target.FullName} [grey]({file.Bytes:N0} bytes)[/]");
                }
            }
        }

        if (total < ProgressBarBytes)
        {
            await Each(null);
            return;
        }

        // Large downloads show a bar per file, in bytes.
        await CliAction.Progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                var tasks = files.ToDictionary(f => f.Name, f => progress.AddTask(Markup.Escape(f.Name), maxValue: Math.Max(1, f.Bytes)));
                await Each((file, read) => tasks[file.Name].Increment(read));
            });
        CliAction.Progress.MarkupLineInterpolated($"[grey]wrote {files.Count} file(s), {total:N0} bytes, to[/] {folder.FullName}");
    }

    // One CSV per CBSA and one national, each with every weighting of the run's dataset.
    private static async Task WriteSeriesAsync(PipelineClient client, RunStatusView run, DirectoryInfo folder, CancellationToken cancel)
    {
        var output = run.Output!.Value;
        var dataset = output.GetProperty("dataset").GetString()!;
        var cbsas = new List<string> { "national" };
        if (output.TryGetProperty("cbsaCodes", out var codes))
        {
            cbsas.AddRange(codes.EnumerateArray().Select(c => c.GetString()!));
        }

        var series = Directory.CreateDirectory(Path.Combine(folder.FullName, "series"));
        foreach (var cbsa in cbsas)
        {
            var page = await client.GetJsonAsync<ResultPage>(
                $"api/hpi/{Uri.EscapeDataString(cbsa)}?dataset={Uri.EscapeDataString(dataset)}", $"read the {cbsa} series of dataset {dataset}", cancel);
            var csv = new StringBuilder("cbsa,dataset,weighting,year,index,level,appreciation\n");
            foreach (var document in page.Items.OrderBy(d => d.GetProperty("weighting").GetString(), StringComparer.Ordinal))
            {
                var weighting = document.GetProperty("weighting").GetString();
                foreach (var point in document.GetProperty("points").EnumerateArray())
                {
                    csv.Append(Csv(cbsa)).Append(',').Append(Csv(dataset)).Append(',').Append(Csv(weighting)).Append(',')
                        .Append(point.GetProperty("year").GetInt32().ToString(CultureInfo.InvariantCulture)).Append(',')
                        .Append(Number(point, "index")).Append(',').Append(Number(point, "level")).Append(',').Append(Number(point, "appreciation")).Append('\n');
                }
            }

            await File.WriteAllTextAsync(Path.Combine(series.FullName, $"{cbsa}.csv"), csv.ToString(), cancel);
        }

        CliAction.Progress.MarkupLineInterpolated($"[grey]wrote {cbsas.Count} series file(s) to[/] {series.FullName}");
    }

    private static async Task WriteBreaksAsync(PipelineClient client, string runId, DirectoryInfo folder, CancellationToken cancel)
    {
        var path = Path.Combine(folder.FullName, "breaks.csv");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync("id,type,severity,status,assignee,last_comment,side,key,field,left_value,right_value,difference,financial_impact,currency,age_days");
        string? token = null;
        var count = 0;
        do
        {
            var query = $"api/recon/{Uri.EscapeDataString(runId)}/breaks?pageSize={ResultQueries.MaxPageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await client.GetJsonAsync<ResultPage>(query, $"read the breaks of run {runId}", cancel);
            foreach (var b in page.Items)
            {
                var history = b.TryGetProperty("history", out var h) ? h.EnumerateArray().ToList() : [];
                var comment = history.Select(c => c.TryGetProperty("comment", out var x) ? x.GetString() : null).LastOrDefault(c => c is not null);
                string[] cells =
                [
                    Text(b, "id"), Text(b, "type"), Text(b, "severity"), Text(b, "status"), Text(b, "assignee"), comment ?? "",
                    Text(b, "side"), Text(b, "key"), Text(b, "field"), Text(b, "leftValue"), Text(b, "rightValue"), Text(b, "difference"),
                    Number(b, "financialImpact"), Text(b, "currency"), Number(b, "ageDays"),
                ];
                await writer.WriteLineAsync(string.Join(',', cells.Select(Csv)));
                count++;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        CliAction.Progress.MarkupLineInterpolated($"[grey]wrote {count:N0} break(s) to[/] {path}");
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "";

    // RFC 4180: quote a field with a comma, quote or line break, doubling its quotes.
    private static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
