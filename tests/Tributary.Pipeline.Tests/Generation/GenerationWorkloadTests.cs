using System.Security.Cryptography;
using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Tests.Support;
using Tributary.Pipeline.Generation;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Generation;

public sealed class GenerationWorkloadTests
{
    [Fact]
    public async Task A_request_writes_one_blob_per_batch_identical_to_the_generator_and_stores_the_manifest()
    {
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        var services = new PipelineServices(blobs, documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        var parameters = System.Text.Json.JsonDocument.Parse("""{"seed": 7, "count": 2500, "batchSize": 1000, "customerCount": 200, "merchantCount": 1000}""").RootElement;
        await using var engine = await SdkPipeline.StartAsync([new GenerationWorkload(services)], services);

        await engine.StartAsync("gen", new RunRequest(null, parameters), "gen-1");
        var state = await engine.WaitForCompletionAsync("gen-1", TimeSpan.FromSeconds(60));

        Assert.Equal(RuntimeStatus.Completed, state!.Status);
        var summary = DurableJson.Deserialize<GenRunSummary>(state.Output);
        Assert.Equal((2500L, 3), (summary.Rows, summary.Batches));
        var spec = new GenerationRunSpec { Seed = 7, TotalCount = 2500, BatchSize = 1000, CustomerCount = 200, MerchantCount = 1000 };
        for (var i = 0; i < 3; i++)
        {
            using var expected = new MemoryStream();
            await BatchWriter.WriteAsync(spec, i, OutputFormat.Csv, false, expected);
            await using var stored = await blobs.OpenReadAsync(new BlobRef("gen-output", $"gen-1/{BatchWriter.FileName(i, OutputFormat.Csv)}"), default);
            Assert.Equal(SHA256.HashData(expected.ToArray()), await SHA256.HashDataAsync(stored));
        }

        var manifest = await documents.ReadAsync<GenRunDocument>(ResultContainers.GenRuns, "gen-1", GenerationWorkload.ManifestDocumentId, default);
        Assert.True(manifest!.Document.Manifest.IsComplete);
        Assert.Equal(2500, manifest.Document.Manifest.Batches.Sum(b => b.Rows));

        // Customers and merchants as `gen run` writes them, listed in the manifest: the output is a run folder that
        // `gen quality` checks and passes.
        var reference = Tributary.Generation.Reference.ReferenceData.For(spec);
        using var customers = new MemoryStream();
        await ReferenceDataWriter.WriteCustomersAsync(reference, OutputFormat.Csv, customers);
        await using (var stored = await blobs.OpenReadAsync(new BlobRef("gen-output", "gen-1/customers.csv"), default))
        {
            Assert.Equal(SHA256.HashData(customers.ToArray()), await SHA256.HashDataAsync(stored));
        }

        Assert.Equal(["customers.csv", "merchants.csv"], manifest.Document.Manifest.ReferenceFiles.Select(f => f.File));
        var quality = await new Tributary.Generation.Quality.QualityInspector(manifest.Document.Manifest)
            .InspectRunAsync((name, cancel) => blobs.OpenReadAsync(new BlobRef("gen-output", "gen-1/" + name), cancel));
        Assert.True(quality.Passed, string.Join("; ", quality.Failures.Select(f => $"{f.Scope} {f.Name} {f.Observed}")));
    }

    [Fact]
    public void Requests_are_validated_naming_the_field()
    {
        var workload = new GenerationWorkload(new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System));

        var errors = workload.Validate(new RunRequest(null, System.Text.Json.JsonDocument.Parse("""{"count": 1000000000, "format": "xls"}""").RootElement));

        Assert.Contains(errors, e => e.Field == "parameters.count");
        Assert.Contains(errors, e => e.Field == "parameters.format");
    }

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_count_out_of_range_gets_one_problem_quoting_the_one_limit(string count)
    {
        var workload = new GenerationWorkload(new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System));

        var errors = workload.Validate(new RunRequest(null, System.Text.Json.JsonDocument.Parse($$"""{"count": {{count}}}""").RootElement));

        var error = Assert.Single(errors);
        Assert.Equal("parameters.count", error.Field);
        Assert.Equal($"must be between 1 and {Tributary.Pipeline.Runs.InputLimits.MaxGenCount:N0} per run on this host", error.Problem);
    }
}
