using System.Text.Json;
using System.Text;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Simulation;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Hpi;

public sealed class HpiWorkloadTests : IDisposable
{
    private readonly string _market = Directory.CreateTempSubdirectory("tributary-hpi-").FullName;
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();
    private readonly InMemoryRunEventPublisher _events = new();

    [Theory]
    [InlineData(null, 1)] // by default a market this small is one direct partition (HpiWorkload.MaxDirectInputBytes)
    [InlineData(3, 3)]
    [InlineData(2, 2)]
    [InlineData(1, 1)] // named, so staged
    public async Task A_dropped_market_yields_the_same_series_as_the_engine_run_in_one_piece_however_its_cbsas_are_packed(int? partitions, int expectedPartitions)
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 5, Cbsas: 3, TractsPerCbsa: 6, StartYear: 2010, EndYear: 2016, PropertiesPerTract: 150));
        var request = await UploadAsync("market-5/", partitions is { } p ? $$"""{"partitions": {{p}}}""" : "{}");
        var started = new System.Collections.Concurrent.ConcurrentQueue<ActivityStart>();
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System, started.Enqueue);
        var workload = new HpiWorkload(services);
        await using var engine = await SdkPipeline.StartAsync([workload], services);

        await engine.StartAsync("hpi", request, "hpi-run");
        var state = await engine.WaitForCompletionAsync("hpi-run", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var summary = DurableJson.Deserialize<HpiRunSummary>(state.Output);
        Assert.Equal(("market-5", 3, 24), (summary.Dataset, summary.Cbsas, summary.SeriesDocuments));
        Assert.Equal(summary.Cbsas, summary.CbsaCodes!.Distinct().Count());
        Assert.Equal(expectedPartitions, JsonDocument.Parse(state.CustomStatus!).RootElement.GetProperty("total").GetInt32());
        var partitionIds = started.Where(a => a.Partition is not null).Select(a => a.Partition).Distinct().ToList();
        if (partitions is null)
        {
            Assert.Equal([HpiWorkload.DirectPartitionId], partitionIds);
        }
        else
        {
            Assert.DoesNotContain(HpiWorkload.DirectPartitionId, partitionIds);
        }

        var dataset = HpiDataset.Load(Path.Combine(_market, "transactions.csv"), Path.Combine(_market, "tracts.csv"), Path.Combine(_market, "tract_years.csv"), false);
        var direct = HpiRun.Execute(dataset, Tributary.Hpi.HpiParameters.Default);

        // The summary, whether finalize merged it or the direct partition counted it, is the engine's.
        Assert.Equal(
            (dataset.Transactions.Count, direct.Cbsas.Sum(c => c.Diagnostics.Filters.Kept), direct.Cbsas.Min(c => c.Diagnostics.FirstYear), direct.Cbsas.Max(c => c.Diagnostics.LastYear)),
            ((int)summary.Transactions, summary.PairsKept, summary.FirstYear, summary.LastYear));
        Assert.Equal(direct.Cbsas.Select(c => c.CbsaCode).Order(StringComparer.Ordinal), summary.CbsaCodes);
        foreach (var cbsa in direct.Cbsas)
        {
            foreach (var series in cbsa.Series)
            {
                await AssertStoredAsync(cbsa.CbsaCode, series);
            }
        }

        foreach (var series in direct.National)
        {
            await AssertStoredAsync(HpiWorkload.National, series);
        }

        Assert.NotNull(await _blobs.GetInfoAsync(summary.NationalCsv, default));
        Assert.Equal("Completed", Assert.Single(_events.Events).Status);

        // Staging is removed once the run finished; the CBSA list beside the outputs still lets a purge find every series.
        await foreach (var staged in _blobs.ListAsync(HpiWorkload.StagingContainer, "hpi-run/", default))
        {
            Assert.Fail($"{staged.Blob} is still staged");
        }

        Assert.Equal(1, (await engine.Runs.PurgeAsync("hpi-run", default)).Match(p => p.InstancesDeleted, _ => -1, (_, _) => -1, _ => -1));
        foreach (var cbsa in direct.Cbsas.Select(c => c.CbsaCode).Append(HpiWorkload.National))
        {
            Assert.Empty((await _documents.QueryAsync<JsonElement>(ResultContainers.HpiSeries, cbsa, new Dictionary<string, string>(), 100, null, default)).Items);
        }
    }

    [Fact]
    public async Task The_plan_stages_one_blob_per_partition_and_a_partition_staged_as_a_list_of_cbsa_blobs_computes_the_same()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 5, Cbsas: 3, TractsPerCbsa: 6, StartYear: 2010, EndYear: 2016, PropertiesPerTract: 150));
        var dropped = await UploadAsync("market-5/");
        var workload = new HpiWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));

        var plan = await workload.PlanAsync("packed", new RunRequest(dropped.Source, JsonDocument.Parse("""{"partitions": 2}""").RootElement), default);

        var staged = new List<string>();
        await foreach (var item in _blobs.ListAsync(HpiWorkload.StagingContainer, "packed/", default))
        {
            staged.Add(item.Blob.Path);
        }

        Assert.Equal(plan.Partitions.Select(p => p.Input!.Path).Order(StringComparer.Ordinal), staged.Order(StringComparer.Ordinal));
        var group = Assert.Single(plan.Partitions, p => p.Id.StartsWith(HpiWorkload.GroupPrefix, StringComparison.Ordinal));
        Assert.EndsWith(HpiWorkload.PartitionSuffix, group.Input!.Path);
        var packed = DurableJson.Deserialize<List<HpiCbsaSummary>>((await workload.RunPartitionAsync("packed", plan, group, default)).GetRawText());
        Assert.Equal(2, packed.Count);

        // The same CBSAs as an earlier version staged them: one blob each and a list of them.
        var markets = new List<BlobRef>();
        using (var pack = new MemoryStream())
        {
            await using (var stream = await _blobs.OpenReadAsync(group.Input, default))
            {
                await stream.CopyToAsync(pack);
            }

            pack.Position = 0;
            while (pack.Position < pack.Length)
            {
                var market = Tributary.Hpi.Partitioning.CbsaPartitionFormat.Read(pack);
                var single = new MemoryStream();
                Tributary.Hpi.Partitioning.CbsaPartitionFormat.Write(single, market);
                single.Position = 0;
                var blob = new BlobRef(HpiWorkload.StagingContainer, $"legacy/{market.CbsaCode}.trhp");
                await _blobs.WriteAsync(blob, single, default);
                markets.Add(blob);
            }
        }

        var list = new BlobRef(HpiWorkload.StagingContainer, $"legacy/group-0000{HpiWorkload.GroupSuffix}");
        await _blobs.WriteAsync(list, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(markets, DurableJson.Options)), default);
        var legacy = DurableJson.Deserialize<List<HpiCbsaSummary>>((await workload.RunPartitionAsync("legacy", plan, new PartitionRef(group.Id, list), default)).GetRawText());

        Assert.Equal(packed.Select(c => (c.CbsaCode, c.PairsKept, c.FirstYear, c.LastYear)), legacy.Select(c => (c.CbsaCode, c.PairsKept, c.FirstYear, c.LastYear)));
        Assert.Single(packed.Select(c => c.Contributions).Distinct());
        Assert.Equal(await ReadAllAsync(packed[0].Contributions), await ReadAllAsync(legacy[0].Contributions));
    }

    [Fact]
    public async Task A_small_market_is_planned_as_one_direct_partition_that_stages_nothing_and_stores_what_the_staged_path_stores()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 4, Cbsas: 4, TractsPerCbsa: 5, StartYear: 2008, EndYear: 2015, PropertiesPerTract: 120));
        var directDrop = await UploadAsync("market-4/");
        var workload = new HpiWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));
        var parameters = JsonDocument.Parse("""{"baseYear": 2010}""").RootElement;

        // The plan reads only the files' lengths: one partition, nothing staged.
        var plan = await workload.PlanAsync("direct-run", new RunRequest(directDrop.Source, parameters), default);
        var partition = Assert.Single(plan.Partitions);
        Assert.Equal(HpiWorkload.DirectPartitionId, partition.Id);
        await foreach (var staged in _blobs.ListAsync(HpiWorkload.StagingContainer, "", default))
        {
            Assert.Fail($"{staged.Blob} was staged");
        }

        var directSummary = await workload.FinalizeAsync("direct-run", directDrop, plan, [await workload.RunPartitionAsync("direct-run", plan, partition, default)], default);
        var directSeries = await StoredSeriesAsync("direct-run", "market-4");
        var directCsv = await ReadAllAsync(new BlobRef(HpiWorkload.OutputContainer, "direct-run/national.csv"));

        // The same drop staged in one partition (a named count is obeyed) overwrites the same series with the same values.
        var stagedRequest = new RunRequest(directDrop.Source, JsonDocument.Parse("""{"baseYear": 2010, "partitions": 1}""").RootElement);
        var stagedPlan = await workload.PlanAsync("staged-run", stagedRequest, default);
        Assert.NotEqual(HpiWorkload.DirectPartitionId, Assert.Single(stagedPlan.Partitions).Id);
        var stagedSummary = await workload.FinalizeAsync("staged-run", stagedRequest, stagedPlan,
            [await workload.RunPartitionAsync("staged-run", stagedPlan, stagedPlan.Partitions[0], default)], default);
        var stagedSeries = await StoredSeriesAsync("staged-run", "market-4");

        Assert.Equal(5 * 6, directSeries.Count);
        Assert.All(stagedSeries, d => Assert.Equal("staged-run", d.RunId));
        Assert.Equal(stagedSeries.Select(d => JsonSerializer.Serialize(d with { RunId = "" })), directSeries.Select(d => JsonSerializer.Serialize(d with { RunId = "" })));
        Assert.Equal(await ReadAllAsync(new BlobRef(HpiWorkload.OutputContainer, "staged-run/national.csv")), directCsv);
        var (a, b) = (DurableJson.Deserialize<HpiRunSummary>(directSummary.GetRawText()), DurableJson.Deserialize<HpiRunSummary>(stagedSummary.GetRawText()));
        Assert.Equal(JsonSerializer.Serialize(b with { NationalCsv = a.NationalCsv }), JsonSerializer.Serialize(a));
        Assert.Equal(new PartitionWork(a.Transactions, a.PairsKept), workload.WorkOf(await workload.RunPartitionAsync("direct-run", plan, partition, default)));
    }

    [Fact]
    public async Task A_direct_partition_refuses_a_file_replaced_after_the_plan_sized_it()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 6, Cbsas: 1, TractsPerCbsa: 3, StartYear: 2010, EndYear: 2012, PropertiesPerTract: 20));
        var drop = await UploadAsync("replaced/");
        var workload = new HpiWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));
        var plan = await workload.PlanAsync("replaced-run", drop, default);

        MarketSimulator.Write(_market, new SimulationOptions(Seed: 7, Cbsas: 1, TractsPerCbsa: 3, StartYear: 2010, EndYear: 2012, PropertiesPerTract: 20));
        await UploadAsync("replaced/");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => workload.RunPartitionAsync("replaced-run", plan, plan.Partitions[0], default));

        Assert.Contains("hpi-drop/replaced/tracts.csv was replaced after the run was planned", refused.Message);
        Assert.Null(await _blobs.GetInfoAsync(HpiWorkload.SeriesIndexOf("replaced-run"), default));
    }

    // Every series a run wrote: the national one and each CBSA's its series index names.
    private async Task<List<HpiSeriesDocument>> StoredSeriesAsync(string runId, string dataset)
    {
        HpiSeriesIndex index;
        await using (var stream = await _blobs.OpenReadAsync(HpiWorkload.SeriesIndexOf(runId), default))
        {
            index = (await JsonSerializer.DeserializeAsync<HpiSeriesIndex>(stream, DurableJson.Options))!;
        }

        var stored = new List<HpiSeriesDocument>();
        foreach (var cbsa in index.Cbsas.Append(HpiWorkload.National))
        {
            stored.AddRange((await _documents.QueryAsync<HpiSeriesDocument>(ResultContainers.HpiSeries, cbsa, new Dictionary<string, string> { ["dataset"] = dataset }, 100, null, default)).Items);
        }

        return stored.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    private async Task<string> ReadAllAsync(BlobRef blob)
    {
        using var reader = new StreamReader(await _blobs.OpenReadAsync(blob, default));
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task A_second_source_under_a_dataset_name_is_quarantined_naming_the_owner_and_the_first_runs_series_stay()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 8, Cbsas: 2, TractsPerCbsa: 4, StartYear: 2010, EndYear: 2014, PropertiesPerTract: 80));
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new HpiWorkload(services)], services);
        var deep = await UploadAsync("deep/nested/folder/");
        await engine.StartAsync("hpi", deep, "hpi-deep");
        Assert.Equal(RuntimeStatus.Completed, (await engine.WaitForCompletionAsync("hpi-deep", TimeSpan.FromSeconds(60))).Status);
        var before = await NationalSeriesAsync("folder");

        // Another folder of the same name: both would be dataset `folder`.
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 9, Cbsas: 2, TractsPerCbsa: 4, StartYear: 2010, EndYear: 2014, PropertiesPerTract: 80));
        var other = await UploadAsync("other/folder/");
        await engine.StartAsync("hpi", other, "hpi-other");
        var refused = await engine.WaitForCompletionAsync("hpi-other", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Failed, refused.Status);
        Assert.Contains("dataset 'folder' already belongs to hpi-drop/deep/nested/folder/ (first run hpi-deep)", refused.Failure!.Message);
        Assert.Contains("{\"dataset\": \"other-folder\"}", refused.Failure.Message);
        using (var report = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", other.Drop!.Trigger, "hpi-other"), default)))
        {
            Assert.Contains("hpi-drop/deep/nested/folder/", await report.ReadToEndAsync());
        }

        var after = await NationalSeriesAsync("folder");
        Assert.NotEmpty(after);
        Assert.All(after, d => Assert.Equal("hpi-deep", d.RunId));
        Assert.Equal(before.Select(d => string.Join(",", d.Points.Select(p => p.Level))), after.Select(d => string.Join(",", d.Points.Select(p => p.Level))));

        // With a name of its own in the manifest, the other folder runs; once the first run is purged the name is free again.
        var named = await UploadAsync("other/folder/", """{"dataset": "other-folder"}""");
        await engine.StartAsync("hpi", named, "hpi-named");
        Assert.Equal(RuntimeStatus.Completed, (await engine.WaitForCompletionAsync("hpi-named", TimeSpan.FromSeconds(60))).Status);
        Assert.All(await NationalSeriesAsync("other-folder"), d => Assert.Equal("hpi-named", d.RunId));
        await engine.Runs.PurgeAsync("hpi-deep", default);
        Assert.Null(await new DatasetClaims(_blobs).OwnerAsync("folder", default));
    }

    private async Task<List<HpiSeriesDocument>> NationalSeriesAsync(string dataset) =>
        (await _documents.QueryAsync<HpiSeriesDocument>(ResultContainers.HpiSeries, HpiWorkload.National, new Dictionary<string, string> { ["dataset"] = dataset }, 100, null, default))
            .Items.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_market_with_a_bad_row_fails_and_is_quarantined_naming_file_line_and_field()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 6, Cbsas: 1, TractsPerCbsa: 3, StartYear: 2010, EndYear: 2012, PropertiesPerTract: 20));
        var lines = File.ReadAllLines(Path.Combine(_market, "transactions.csv"));
        lines[3] = lines[3].Replace(lines[3].Split(',')[2], "cheap");
        File.WriteAllLines(Path.Combine(_market, "transactions.csv"), lines);
        var request = await UploadAsync("broken/");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new HpiWorkload(services)], services);

        await engine.StartAsync("hpi", request, "hpi-bad");
        var state = await engine.WaitForCompletionAsync("hpi-bad", TimeSpan.FromSeconds(30));

        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Contains("hpi-drop/broken/transactions.csv:4: field 'price'", state.Failure!.Message);
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "hpi-drop/broken/transactions.csv"), default));
        Assert.NotNull(await _blobs.GetInfoAsync(Quarantine.ReportFor("quarantine", new BlobRef("hpi-drop", "broken/manifest.json"), "hpi-bad"), default));
    }

    [Fact]
    public async Task A_row_with_an_extra_column_is_counted_as_rejected_under_skip_invalid_and_fails_the_run_without_it()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 6, Cbsas: 1, TractsPerCbsa: 3, StartYear: 2010, EndYear: 2012, PropertiesPerTract: 20));
        var lines = File.ReadAllLines(Path.Combine(_market, "transactions.csv"));
        lines[3] += ",extra";
        File.WriteAllLines(Path.Combine(_market, "transactions.csv"), lines);
        var skipping = await UploadAsync("skipping/", """{"skipInvalid": true}""");
        var strict = await UploadAsync("strict/");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new HpiWorkload(services)], services);

        await engine.StartAsync("hpi", skipping, "hpi-skip");
        await engine.StartAsync("hpi", strict, "hpi-strict");
        var skipped = await engine.WaitForCompletionAsync("hpi-skip", TimeSpan.FromSeconds(60));
        var failed = await engine.WaitForCompletionAsync("hpi-strict", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Completed, skipped!.Status);
        Assert.Equal(1, JsonDocument.Parse(skipped.Output!).RootElement.GetProperty("rejectedRows").GetInt64());
        Assert.Equal(RuntimeStatus.Failed, failed!.Status);
        Assert.Contains("hpi-drop/strict/transactions.csv:4: 6 fields, but the header has 5", failed.Failure!.Message);
    }

    [Fact]
    public async Task A_transactions_file_with_only_its_header_fails_saying_so_and_is_quarantined()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 6, Cbsas: 1, TractsPerCbsa: 3, StartYear: 2010, EndYear: 2012, PropertiesPerTract: 20));
        var path = Path.Combine(_market, "transactions.csv");
        File.WriteAllLines(path, [File.ReadLines(path).First()]);
        var request = await UploadAsync("empty/");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new HpiWorkload(services)], services);

        await engine.StartAsync("hpi", request, "hpi-empty");
        var state = await engine.WaitForCompletionAsync("hpi-empty", TimeSpan.FromSeconds(30));

        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Contains("hpi-drop/empty/transactions.csv: no data rows", state.Failure!.Message);
        Assert.NotNull(await _blobs.GetInfoAsync(Quarantine.ReportFor("quarantine", new BlobRef("hpi-drop", "empty/manifest.json"), "hpi-empty"), default));
    }

    [Fact]
    public void Parameters_are_validated_naming_the_field()
    {
        var workload = new HpiWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));
        var parameters = System.Text.Json.JsonDocument.Parse("""{"minHalfPairs": 0}""").RootElement;

        var errors = workload.Validate(new RunRequest(new BlobFolder("hpi-drop", "x/"), parameters));
        var wrongType = workload.Validate(new RunRequest(new BlobFolder("hpi-drop", "x/"), System.Text.Json.JsonDocument.Parse("""{"startYear": "soon"}""").RootElement));
        var noSource = workload.Validate(new RunRequest(null, null));

        Assert.Equal("parameters.minHalfPairs", Assert.Single(errors).Field);
        Assert.Equal("parameters.startYear", Assert.Single(wrongType).Field);
        Assert.Equal("source", Assert.Single(noSource).Field);
    }

    [Theory]
    [InlineData("""{"baseYear": 1}""", "parameters.baseYear", "1 is not a year in 1900–2100, the years sales may have")]
    [InlineData("""{"startYear": 2010, "endYear": 2015, "baseYear": 2020}""", "parameters.baseYear", "base year 2020 lies outside the output years 2010–2015")]
    [InlineData("""{"endYear": 3000}""", "parameters.endYear", "3000 is not a year in 1900–2100, the years sales may have")]
    public void Years_outside_the_range_are_refused_with_the_range(string json, string field, string problem)
    {
        var workload = new HpiWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));

        var error = Assert.Single(workload.Validate(new RunRequest(new BlobFolder("hpi-drop", "x/"), System.Text.Json.JsonDocument.Parse(json).RootElement)));

        Assert.Equal((field, problem), (error.Field, error.Problem));
    }

    [Fact]
    public async Task A_base_year_without_sales_fails_the_run_naming_the_years_instead_of_indexing_elsewhere()
    {
        MarketSimulator.Write(_market, new SimulationOptions(Seed: 7, Cbsas: 1, TractsPerCbsa: 4, StartYear: 2010, EndYear: 2014, PropertiesPerTract: 60));
        var request = await UploadAsync("base-1950/", """{"baseYear": 1950}""");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new HpiWorkload(services)], services);

        await engine.StartAsync("hpi", request, "hpi-base");
        var state = await engine.WaitForCompletionAsync("hpi-base", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Contains("field 'baseYear': base year 1950 lies outside the years indexed, 2010–2014", state.Failure!.Message);
        Assert.Empty((await _documents.QueryAsync<JsonElement>(ResultContainers.HpiSeries, HpiWorkload.National, new Dictionary<string, string>(), 10, null, default)).Items);
    }

    public void Dispose() => Directory.Delete(_market, recursive: true);

    private async Task AssertStoredAsync(string cbsa, CbsaSeries expected)
    {
        var weighting = expected.Weighting.Name();
        var stored = await _documents.ReadAsync<HpiSeriesDocument>(ResultContainers.HpiSeries, cbsa, HpiSeriesDocument.IdOf("market-5", cbsa, weighting), default);
        Assert.NotNull(stored);
        Assert.Equal(expected.Points.Select(p => (p.Year, p.Level)), stored.Document.Points.Select(p => (p.Year, p.Level)));
    }

    private async Task<RunRequest> UploadAsync(string folder, string manifestJson = "{}")
    {
        await _blobs.EnsureContainerAsync("hpi-drop", default);
        var blobs = new List<BlobRef>();
        foreach (var name in new[] { "transactions.csv", "tracts.csv", "tract_years.csv" })
        {
            var blob = new BlobRef("hpi-drop", folder + name);
            await using var file = File.OpenRead(Path.Combine(_market, name));
            await _blobs.WriteAsync(blob, file, default);
            blobs.Add(blob);
        }

        var manifest = new BlobRef("hpi-drop", folder + "manifest.json");
        var etag = await _blobs.WriteAsync(manifest, new MemoryStream(Encoding.UTF8.GetBytes(manifestJson)), default);
        blobs.Add(manifest);
        return new RunRequest(new BlobFolder("hpi-drop", folder), null, new DropRef(manifest, etag, blobs));
    }
}
