using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>How the client verbs show runs: one run as a table (stderr) with its output as JSON (stdout), many as a table (stdout).</summary>
internal static class RunDisplay
{
    private static readonly JsonSerializerOptions Indented = new(Pipeline.Durable.DurableJson.Options) { WriteIndented = true };

    /// <summary>Polls with a progress bar until the run finishes, shows it, and exits 1 when it did not complete.</summary>
    public static async Task<int> WaitAndShowAsync(PipelineClient client, string id, CancellationToken cancel)
    {
        RunStatusView? final = null;
        await CliAction.Progress.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(id, maxValue: 1);
            final = await client.WaitAsync(id, status =>
            {
                if (status.CustomStatus is { ValueKind: JsonValueKind.Object } custom
                    && custom.TryGetProperty("done", out var done) && custom.TryGetProperty("total", out var total) && total.GetInt32() > 0)
                {
                    task.MaxValue = total.GetInt32();
                    task.Value = done.GetInt32();
                    task.Description = $"{id} {custom.GetProperty("phase").GetString()}";
                }
            }, TimeSpan.FromHours(2), cancel);
            task.Value = task.MaxValue;
        });
        Show(final!);
        return final!.RuntimeStatus == RuntimeStatus.Completed ? 0 : 1;
    }

    /// <summary>One run: its fields as a table on stderr, its output as indented JSON on stdout.</summary>
    public static void Show(RunStatusView status)
    {
        var table = new Table().AddColumn("run").AddColumn(Markup.Escape(status.Id));
        table.AddRow("kind", Markup.Escape(status.Kind));
        table.AddRow("status", status.RuntimeStatus.ToString());
        table.AddRow("created", Time(status.CreatedTime));
        table.AddRow("updated", Time(status.LastUpdatedTime));
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
            Console.WriteLine(JsonSerializer.Serialize(output, Indented));
        }
    }

    /// <summary>Many runs, one row each, on stdout: they are what `list` was asked for.</summary>
    public static void ShowList(IReadOnlyList<RunStatusView> runs)
    {
        var table = new Table().AddColumn("id").AddColumn("kind").AddColumn("status").AddColumn("created").AddColumn("updated");
        foreach (var run in runs)
        {
            table.AddRow(Markup.Escape(run.Id), Markup.Escape(run.Kind), run.RuntimeStatus.ToString(), Time(run.CreatedTime), Time(run.LastUpdatedTime));
        }

        CliAction.Data.Write(table);
    }

    /// <summary>Values as one indented JSON array on stdout, for scripts (`--json`).</summary>
    public static void WriteJson<T>(IReadOnlyList<T> items) =>
        Console.WriteLine(JsonSerializer.Serialize(items, Indented));

    private static string Time(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);
}
