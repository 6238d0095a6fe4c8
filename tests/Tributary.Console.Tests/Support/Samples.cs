using System.Net.Http.Json;
using System.Text;
using Tributary.Hpi.Simulation;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Console.Tests.Support;

/// <summary>A finished run of each workload, from the engines' own generators, dropped as a user would (gen started over HTTP).</summary>
internal static class Samples
{
    public static async Task<IReadOnlyDictionary<string, string>> SeedAsync(ConsoleHost host)
    {
        var scratch = Directory.CreateTempSubdirectory("tributary-console-").FullName;
        try
        {
            var market = Path.Combine(scratch, "market");
            MarketSimulator.Write(market, new SimulationOptions(Seed: 7, Cbsas: 3, TractsPerCbsa: 8, StartYear: 2008, EndYear: 2020, PropertiesPerTract: 150));
            await DropAsync(host.Blobs, "hpi-drop", "sample-market/", market, ["transactions.csv", "tracts.csv", "tract_years.csv"], """{"dataset": "sample-market", "baseYear": 2008}""");

            var trades = Path.Combine(scratch, "trades");
            ReconDataGenerator.WriteFiles("trades", 2400, seed: 11, breakRate: 0.05, trades); // over two pages of breaks
            await DropAsync(host.Blobs, "recon-drop", "sample-trades/", trades, ["left.csv", "right.csv"], """{"profile": "trades", "buckets": 2}""");

            var vendors = Path.Combine(scratch, "vendors");
            Tributary.Forecast.Simulation.MarketSimulator.Write(vendors, new Tributary.Forecast.Simulation.SimulationOptions(Seed: 3, Markets: 1, Vendors: 3, ProductsPerVendor: 2, HistoryDays: 200));
            await DropAsync(host.Blobs, "forecast-drop", "sample-markets/", vendors, ["sales.csv", "weather.csv", "events.csv", "products.csv"], "{}");

            var runs = new Dictionary<string, string> { ["gen"] = await host.StartAsync("gen", """{"id": "gen-sample", "parameters": {"seed": 42, "count": 4000, "batchSize": 1000}}""") };
            foreach (var kind in new[] { "hpi", "recon", "forecast" })
            {
                runs[kind] = await FirstRunAsync(host, kind);
            }

            foreach (var (kind, id) in runs)
            {
                var done = await host.WaitAsync(id, 120);
                if (done.RuntimeStatus != RuntimeStatus.Completed)
                {
                    throw new InvalidOperationException($"the sample {kind} run {id} is {done.RuntimeStatus}: {done.Failure?.Message}");
                }
            }

            return runs;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task DropAsync(IBlobStore blobs, string container, string folder, string directory, string[] files, string manifest)
    {
        await blobs.EnsureContainerAsync(container, default);
        foreach (var file in files)
        {
            await using var content = File.OpenRead(Path.Combine(directory, file));
            await blobs.WriteAsync(new BlobRef(container, folder + file), content, default);
        }

        await blobs.WriteAsync(new BlobRef(container, folder + "manifest.json"), new MemoryStream(Encoding.UTF8.GetBytes(manifest)), default);
    }

    // A drop's run id comes from its content; the watcher starts it within a poll.
    private static async Task<string> FirstRunAsync(ConsoleHost host, string kind)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var page = await host.Api.GetFromJsonAsync<RunPage>($"api/runs?kind={kind}", DurableJson.Options);
            if (page!.Items.Count > 0)
            {
                return page.Items[0].Id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no {kind} run started from its drop");
    }
}
