using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Tests.Serve;
using Tributary.Hpi.Simulation;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Tests.Cli;

/// <summary>`tributary drop` and `tributary results` as a user runs them (a real `tributary` process) against every workload of a host started in process.</summary>
public sealed class DropResultsVerbTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-drop-cli-").FullName;

    [Fact]
    public async Task A_recon_folder_drops_its_files_manifest_last_and_results_brings_back_the_breaks_with_their_workflow()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), WorkloadCatalog.Create);
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "trades-local")).FullName;
        ReconDataGenerator.WriteFiles("trades", 400, seed: 3, breakRate: 0.05, folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), """{"profile": "trades", "buckets": 2}""");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not part of the drop");

        var dropped = await Cli(host, "drop", "recon", folder, "--name", "cli-trades", "--wait");
        var runId = dropped.Output.Split('\n')[0].Trim();
        var blobs = await ListAsync(host.Runtime.Services.Blobs, "recon-drop", "cli-trades/");
        var page = await host.Http.GetFromJsonAsync<ResultPage>($"api/recon/{runId}/breaks?pageSize=500", DurableJson.Options);
        var moved = page!.Items[0].GetProperty("id").GetString()!;
        using (var patch = await host.Http.PatchAsJsonAsync($"api/recon/{runId}/breaks/{moved}", new { status = "in_review", assignee = "alice", comment = "custodian, late" }))
        {
            patch.EnsureSuccessStatusCode();
        }

        var output = Path.Combine(_scratch, "out");
        var results = await Cli(host, "results", runId, "--out", output);
        var rows = await File.ReadAllLinesAsync(Path.Combine(output, "breaks.csv"));

        Assert.True(dropped.ExitCode == 0, dropped.Errors);
        Assert.StartsWith("drop-recon-", runId, StringComparison.Ordinal);
        Assert.Equal(["left.csv", "manifest.json", "right.csv"], blobs);
        Assert.True(results.ExitCode == 0, results.Errors);
        Assert.Equal(Path.GetFullPath(output), results.Output.Trim());
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
        Assert.Equal("id,type,severity,status,assignee,last_comment,side,key,field,left_value,right_value,difference,financial_impact,currency,age_days", rows[0]);
        Assert.Equal(page.Items.Count, rows.Length - 1);
        Assert.Contains(rows, r => r.StartsWith(moved + ",", StringComparison.Ordinal) && r.Contains(",in_review,alice,\"custodian, late\",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_hpi_folder_without_a_manifest_gets_an_empty_one_and_results_writes_every_series()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), WorkloadCatalog.Create);
        var folder = Path.Combine(_scratch, "market-cli");
        MarketSimulator.Write(folder, new SimulationOptions(Seed: 5, Cbsas: 2, TractsPerCbsa: 6, StartYear: 2010, EndYear: 2018, PropertiesPerTract: 120));

        var dropped = await Cli(host, "drop", "hpi", folder, "--wait");
        var runId = dropped.Output.Split('\n')[0].Trim();
        var output = Path.Combine(_scratch, "hpi-out");
        var results = await Cli(host, "results", runId, "--out", output);
        var series = Directory.GetFiles(Path.Combine(output, "series")).Select(Path.GetFileName).Order().ToList();
        var national = await File.ReadAllLinesAsync(Path.Combine(output, "series", "national.csv"));
        using var manifest = JsonDocument.Parse(await ReadAsync(host.Runtime.Services.Blobs, new BlobRef("hpi-drop", "market-cli/manifest.json")));

        Assert.True(dropped.ExitCode == 0, dropped.Errors);
        Assert.Contains("an empty {} manifest", dropped.Errors, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, manifest.RootElement.ValueKind);
        Assert.Empty(manifest.RootElement.EnumerateObject());
        Assert.True(results.ExitCode == 0, results.Errors);
        Assert.Equal(3, series.Count); // national and the two CBSAs
        Assert.Contains("national.csv", series);
        Assert.Equal("cbsa,dataset,weighting,year,index,level,appreciation", national[0]);
        Assert.Equal(6, national.Skip(1).Select(l => l.Split(',')[2]).Distinct().Count());
        Assert.All(national.Skip(1), l => Assert.StartsWith("national,market-cli,", l, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, "national.csv")));
    }

    [Fact]
    public async Task A_gen_request_folder_starts_a_run_whose_batches_and_manifest_come_back()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), WorkloadCatalog.Create);
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "gen-request")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), """{"seed": 9, "count": 3000, "batchSize": 1000}""");

        var dropped = await Cli(host, "drop", "gen", folder, "--name", "nightly", "--wait");
        var runId = dropped.Output.Split('\n')[0].Trim();
        var output = Path.Combine(_scratch, "gen-out");
        var results = await Cli(host, "results", runId, "--out", output);

        Assert.True(dropped.ExitCode == 0, dropped.Errors);
        Assert.NotNull(await host.Runtime.Services.Blobs.GetInfoAsync(new BlobRef("gen-requests", "nightly.json"), default));
        Assert.True(results.ExitCode == 0, results.Errors);
        Assert.Equal(3, Directory.GetFiles(output, "batch-*").Length);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal(3000, manifest.RootElement.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Bad_input_is_exit_2_and_a_missing_folder_exit_3()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), WorkloadCatalog.Create);
        var empty = Directory.CreateDirectory(Path.Combine(_scratch, "empty")).FullName;

        var missing = await Cli(host, "drop", "recon", Path.Combine(_scratch, "no-such-folder"));
        var nothing = await Cli(host, "drop", "recon", empty);
        var kind = await Cli(host, "drop", "tally", empty);
        var unknown = await Cli(host, "results", "no-such-run");

        Assert.Equal(3, missing.ExitCode);
        Assert.Contains(Path.Combine(_scratch, "no-such-folder"), missing.Errors, StringComparison.Ordinal);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("none of the recon drop's files is here (left.csv, right.csv)", nothing.Errors, StringComparison.Ordinal);
        Assert.Equal(2, kind.ExitCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("run no-such-run does not exist", unknown.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static Task<CliResult> Cli(HostHarness host, params string[] args) =>
        CliProcess.RunAsync([.. args, "--host", host.Http.BaseAddress!.ToString(), "--api-key", TestKeys.Admin]);

    private static async Task<List<string>> ListAsync(IBlobStore blobs, string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var item in blobs.ListAsync(container, prefix, default))
        {
            names.Add(item.Blob.Path[prefix.Length..]);
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<string> ReadAsync(IBlobStore blobs, BlobRef blob)
    {
        await using var stream = await blobs.OpenReadAsync(blob, default);
        return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
    }
}
