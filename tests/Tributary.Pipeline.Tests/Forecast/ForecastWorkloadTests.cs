using System.Text;
using System.Text.Json;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;
using Tributary.Forecast.Simulation;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Forecast;

public sealed class ForecastWorkloadTests : IDisposable
{
    // Two markets, 7 vendors (some at both markets), about 14 months: small enough to train in well under a second.
    private static readonly SimulationOptions Small = new(Seed: 5, Markets: 2, Vendors: 7, ProductsPerVendor: 2, HistoryDays: 420, FutureDays: 14);

    private readonly string _market = Directory.CreateTempSubdirectory("tributary-forecast-").FullName;
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryDocumentStore _documents = new();
    private readonly InMemoryRunEventPublisher _events = new();

    [Fact]
    public async Task A_dropped_market_stores_and_writes_exactly_what_the_cli_recommends_for_the_same_inputs()
    {
        var simulated = MarketSimulator.Write(_market, Small);
        var dates = simulated.FutureDates.Where(d => d.DayOfWeek == DayOfWeek.Saturday).Take(2).ToArray();
        var dateList = string.Join(",", dates.Select(d => $"\"{d:yyyy-MM-dd}\""));
        var request = await UploadAsync("stalls/", $$"""{"dates": [{{dateList}}], "serviceLevel": 0.75, "partitions": 3}""");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new ForecastWorkload(services)], services);

        await engine.StartAsync("forecast", request, "fc-1");
        var state = await engine.WaitForCompletionAsync("fc-1", TimeSpan.FromSeconds(120));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        // The CLI's path: the same files read from disk, the whole market at once.
        var inputs = ForecastInputs.Load(File("sales.csv"), File("weather.csv"), File("events.csv"), File("products.csv"));
        var cli = MarketRecommendations.Compute(inputs, dates, 0.75).Recommendations;
        RecommendationWriter.Write(Path.Combine(_market, "out"), cli, ForecastWorkload.ModelVersion);

        var summary = DurableJson.Deserialize<ForecastRunSummary>(state.Output);
        Assert.Equal((inputs.Sales.Vendors.Count, inputs.Sales.Products.Count, cli.Count, 3), (summary.Vendors, summary.Series, summary.Recommendations, summary.Partitions));
        Assert.Equal(3, JsonDocument.Parse(state.CustomStatus!).RootElement.GetProperty("total").GetInt32());
        Assert.True(cli.Count > 20);
        Assert.Equal(System.IO.File.ReadAllBytes(Path.Combine(_market, "out", RecommendationWriter.FileName)), await ReadBytesAsync(summary.RecommendationsCsv));

        var stored = await StoredAsync("fc-1");
        Assert.Equal(cli.Count, stored.Count);
        foreach (var r in cli)
        {
            Assert.Equal(ForecastRecommendationDocument.From("fc-1", r, ForecastWorkload.ModelVersion), stored[ForecastDocuments.Id(ForecastDocuments.Recommendation, r.Date, r.Market, r.Vendor, r.Product)]);
        }

        Assert.Equal("Completed", Assert.Single(_events.Events).Status);
    }

    [Fact]
    public async Task Without_dates_each_market_gets_its_next_market_day_and_purge_removes_everything_the_run_wrote()
    {
        var simulated = MarketSimulator.Write(_market, Small);
        var request = await UploadAsync("next/", "{}");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        var workload = new ForecastWorkload(services);
        await using var engine = await SdkPipeline.StartAsync([workload], services);

        await engine.StartAsync("forecast", request, "fc-next");
        var state = await engine.WaitForCompletionAsync("fc-next", TimeSpan.FromSeconds(120));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var summary = DurableJson.Deserialize<ForecastRunSummary>(state.Output);
        var inputs = simulated.Inputs;
        var markets = inputs.Sales.Products.Select(p => p.Key.Market).Distinct().ToArray();
        Assert.Equal(markets.Order(StringComparer.Ordinal), summary.MarketDates!.Keys.Order(StringComparer.Ordinal));
        foreach (var (market, date) in summary.MarketDates!)
        {
            // The first day after the history on which that market meets (it traded on that weekday lately).
            Assert.InRange(date, inputs.Sales.Last.AddDays(1), inputs.Sales.Last.AddDays(7));
            var weekdays = inputs.Sales.Products.Where(p => p.Key.Market == market).SelectMany(p => p.Days)
                .Where(d => d.Date > inputs.Sales.Last.AddDays(-56)).Select(d => d.Date.DayOfWeek).ToHashSet();
            Assert.Contains(date.DayOfWeek, weekdays);
            Assert.DoesNotContain(Enumerable.Range(1, date.DayNumber - inputs.Sales.Last.DayNumber - 1), k => weekdays.Contains(inputs.Sales.Last.AddDays(k).DayOfWeek));
        }

        var cli = MarketRecommendations.Compute(ForecastInputs.Load(File("sales.csv"), File("weather.csv"), File("events.csv"), File("products.csv")),
            summary.MarketDates.Values.Distinct().Order().ToArray()).Recommendations.Where(r => summary.MarketDates[r.Market] == r.Date).ToArray();
        var stored = await StoredAsync("fc-next");
        Assert.Equal(cli.Length, stored.Count);
        Assert.All(cli, r => Assert.Equal(r.RecommendedUnits, stored[ForecastDocuments.Id(ForecastDocuments.Recommendation, r.Date, r.Market, r.Vendor, r.Product)].RecommendedUnits));

        var purged = await workload.PurgeResultsAsync("fc-next", default);

        Assert.True(purged > cli.Length, $"{purged} items purged");
        Assert.Empty(await StoredAsync("fc-next"));
        Assert.Null(await _blobs.GetInfoAsync(summary.RecommendationsCsv, default));
        await foreach (var _ in _blobs.ListAsync(ForecastWorkload.StagingContainer, "fc-next/", default))
        {
            Assert.Fail("a staged blob survived the purge");
        }
    }

    [Fact]
    public async Task A_bad_sales_row_fails_the_run_and_quarantines_the_drop_naming_file_line_and_field()
    {
        MarketSimulator.Write(_market, Small);
        var lines = System.IO.File.ReadAllLines(File("sales.csv"));
        var fields = lines[3].Split(',');
        fields[4] = "-1";
        lines[3] = string.Join(",", fields);
        System.IO.File.WriteAllLines(File("sales.csv"), lines);
        var request = await UploadAsync("broken/", "{}");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new ForecastWorkload(services)], services);

        await engine.StartAsync("forecast", request, "fc-bad");
        var state = await engine.WaitForCompletionAsync("fc-bad", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Failed, state!.Status);
        Assert.Contains("forecast-drop/broken/sales.csv:4: field 'units_sold'", state.Failure!.Message);
        Assert.NotNull(await _blobs.GetInfoAsync(new BlobRef("quarantine", "forecast-drop/broken/sales.csv"), default));
        Assert.Null(await _blobs.GetInfoAsync(new BlobRef("forecast-drop", "broken/sales.csv"), default));
        using var report = new StreamReader(await _blobs.OpenReadAsync(Quarantine.ReportFor("quarantine", new BlobRef("forecast-drop", "broken/manifest.json"), "fc-bad"), default));
        Assert.Contains("sales.csv:4: field 'units_sold'", await report.ReadToEndAsync());
        Assert.Empty(await StoredAsync("fc-bad"));
    }

    [Fact]
    public async Task A_sale_dated_after_the_requested_days_fails_the_run_naming_its_line_instead_of_dropping_recommendations()
    {
        var simulated = MarketSimulator.Write(_market, Small);
        var date = simulated.FutureDates[0];
        var lines = System.IO.File.ReadAllLines(File("sales.csv")).ToList();
        lines.Add(string.Join(',', ["2031-01-01", .. lines[1].Split(',')[1..]]));
        System.IO.File.WriteAllLines(File("sales.csv"), lines);
        var request = await UploadAsync("late/", $$"""{"dates": ["{{date:yyyy-MM-dd}}"]}""");
        var services = new PipelineServices(_blobs, _documents, _events, TimeProvider.System);
        await using var engine = await SdkPipeline.StartAsync([new ForecastWorkload(services)], services);

        await engine.StartAsync("forecast", request, "fc-late");
        var state = await engine.WaitForCompletionAsync("fc-late", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Contains($"forecast-drop/late/sales.csv:{lines.Count}: field 'date': 2031-01-01 is not before {date:yyyy-MM-dd}", state.Failure!.Message);
        Assert.Empty(await StoredAsync("fc-late"));
    }

    [Fact]
    public void Parameters_are_validated_naming_the_field()
    {
        var workload = new ForecastWorkload(new PipelineServices(_blobs, _documents, _events, TimeProvider.System));
        var source = new BlobFolder("forecast-drop", "x/");

        var errors = workload.Validate(new RunRequest(source, JsonDocument.Parse("""{"dates": ["2027-06-05", "June 12"], "serviceLevel": 1, "partitions": 0}""").RootElement));
        var wrongType = workload.Validate(new RunRequest(source, JsonDocument.Parse("""{"serviceLevel": "high"}""").RootElement));
        var defaults = workload.Validate(new RunRequest(source, null));

        Assert.Equal(["parameters.dates[1]", "parameters.serviceLevel", "parameters.partitions"], errors.Select(e => e.Field));
        Assert.Equal("parameters.serviceLevel", Assert.Single(wrongType).Field);
        Assert.Empty(defaults);
        Assert.Equal("source", Assert.Single(workload.Validate(new RunRequest(null, null))).Field);
    }

    [Fact]
    public void The_workload_is_in_the_catalog_with_its_drop_folder()
    {
        var workload = Assert.Single(WorkloadCatalog.Create(new PipelineServices(_blobs, _documents, _events, TimeProvider.System)), w => w.Kind == "forecast");

        Assert.Equal(("forecast-drop", "manifest.json"), (workload.Drop!.Container, workload.Drop.FolderTrigger));
        Assert.Equal(["sales.csv"], workload.Drop.Required);
    }

    private string File(string name) => Path.Combine(_market, name);

    private async Task<RunRequest> UploadAsync(string prefix, string manifest)
    {
        await _blobs.EnsureContainerAsync("forecast-drop", default);
        var blobs = new List<BlobRef>();
        foreach (var name in new[] { "sales.csv", "weather.csv", "events.csv", "products.csv" })
        {
            await using var file = System.IO.File.OpenRead(File(name));
            var blob = new BlobRef("forecast-drop", prefix + name);
            await _blobs.WriteAsync(blob, file, default);
            blobs.Add(blob);
        }

        var trigger = new BlobRef("forecast-drop", prefix + "manifest.json");
        var etag = await _blobs.WriteAsync(trigger, new MemoryStream(Encoding.UTF8.GetBytes(manifest)), default);
        blobs.Add(trigger);
        return new RunRequest(new BlobFolder("forecast-drop", prefix), null, new DropRef(trigger, etag, blobs));
    }

    private async Task<byte[]> ReadBytesAsync(BlobRef blob)
    {
        using var buffer = new MemoryStream();
        await using var stream = await _blobs.OpenReadAsync(blob, default);
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private async Task<Dictionary<string, ForecastRecommendationDocument>> StoredAsync(string runId)
    {
        var stored = new Dictionary<string, ForecastRecommendationDocument>();
        string? token = null;
        do
        {
            var page = await _documents.QueryAsync<ForecastRecommendationDocument>(ResultContainers.ForecastRecommendations, runId,
                new Dictionary<string, string> { ["docType"] = ForecastDocuments.Recommendation }, 100, token, default);
            foreach (var document in page.Items)
            {
                stored.Add(document.Id, document);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return stored;
    }

    public void Dispose() => Directory.Delete(_market, recursive: true);
}
