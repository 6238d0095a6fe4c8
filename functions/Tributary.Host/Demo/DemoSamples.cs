using System.Text;
using Tributary.Hpi.Simulation;
using Tributary.Pipeline.Ports;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Host.Demo;

/// <summary>Small sample inputs for every workload, generated with each engine's own generator and dropped like a user would.</summary>
internal static class DemoSamples
{
    /// <summary>One dropped sample: its workload and the trigger blob (written last).</summary>
    public sealed record Drop(string Kind, string What, BlobRef Trigger, string ETag);

    public static async Task<IReadOnlyList<Drop>> DropAllAsync(IBlobStore blobs, string scratch, CancellationToken cancellationToken)
    {
        var drops = new List<Drop>();

        var market = Path.Combine(scratch, "market");
        MarketSimulator.Write(market, new SimulationOptions(Seed: 7, Cbsas: 4, TractsPerCbsa: 10, StartYear: 2005, EndYear: 2020, PropertiesPerTract: 200));
        drops.Add(await DropFolderAsync(blobs, "hpi", "simulated market: 4 CBSAs, 40 tracts, 2005-2020", "hpi-drop", "demo-market/",
            ["transactions.csv", "tracts.csv", "tract_years.csv"], market, """{"dataset": "demo-market", "baseYear": 2005}""", cancellationToken));

        var trades = Path.Combine(scratch, "trades");
        ReconDataGenerator.WriteFiles("trades", 3_000, seed: 11, breakRate: 0.02, trades);
        drops.Add(await DropFolderAsync(blobs, "recon", "trades vs custodian: 3,000 records, 2% planted breaks", "recon-drop", "demo-trades/",
            ["left.csv", "right.csv"], trades, """{"profile": "trades", "buckets": 4}""", cancellationToken));

        var vendors = Path.Combine(scratch, "vendors");
        Tributary.Forecast.Simulation.MarketSimulator.Write(vendors, new Tributary.Forecast.Simulation.SimulationOptions(Seed: 3, Markets: 2, Vendors: 6, ProductsPerVendor: 3, HistoryDays: 400));
        drops.Add(await DropFolderAsync(blobs, "forecast", "farmers' markets: 2 markets, 6 vendors, 18 products, 400 days of sales", "forecast-drop", "demo-markets/",
            ["sales.csv", "weather.csv", "events.csv", "products.csv"], vendors, "{}", cancellationToken));

        await blobs.EnsureContainerAsync("gen-requests", cancellationToken);
        var request = new BlobRef("gen-requests", "demo-transactions.json");
        var etag = await blobs.WriteAsync(request, Utf8("""{"seed": 42, "count": 40000, "batchSize": 10000}"""), cancellationToken);
        drops.Add(new Drop("gen", "synthetic transactions: 40,000 rows in 4 batches", request, etag));
        return drops;
    }

    private static async Task<Drop> DropFolderAsync(
        IBlobStore blobs, string kind, string what, string container, string folder, string[] files, string directory, string manifest, CancellationToken cancellationToken)
    {
        await blobs.EnsureContainerAsync(container, cancellationToken);
        foreach (var file in files)
        {
            await using var content = File.OpenRead(Path.Combine(directory, file));
            await blobs.WriteAsync(new BlobRef(container, folder + file), content, cancellationToken);
        }

        // The manifest goes last: its arrival is what triggers the run.
        var trigger = new BlobRef(container, folder + "manifest.json");
        var etag = await blobs.WriteAsync(trigger, Utf8(manifest), cancellationToken);
        return new Drop(kind, what, trigger, etag);
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
