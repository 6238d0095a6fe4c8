using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Tests;

/// <summary>A run written to a temporary folder through the pipeline-facing API (as `gen run` does); deleted on dispose.</summary>
internal sealed class TempRun : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("tributary-gen-").FullName;

    public RunManifest Manifest { get; private set; } = null!;

    public static async Task<TempRun> WriteAsync(GenerationRunSpec spec, OutputFormat format, bool features)
    {
        var run = new TempRun();
        var reference = ReferenceData.For(spec);
        var files = new List<FileSummary>();
        await using (var s = File.Create(run.Path($"customers.{format.Extension()}")))
        {
            files.Add(await ReferenceDataWriter.WriteCustomersAsync(reference, format, s));
        }

        await using (var s = File.Create(run.Path($"merchants.{format.Extension()}")))
        {
            files.Add(await ReferenceDataWriter.WriteMerchantsAsync(reference, format, s));
        }

        var batches = new List<BatchSummary>();
        foreach (var slice in BatchPlan.For(spec).Slices)
        {
            await using var s = File.Create(run.Path(BatchWriter.FileName(slice.Index, format)));
            batches.Add(await BatchWriter.WriteAsync(spec, slice.Index, format, features, s, reference));
        }

        run.Manifest = ManifestBuilder.Build(spec, format, features, files, batches);
        await using (var s = File.Create(run.Path("manifest.json")))
        {
            await run.Manifest.WriteAsync(s);
        }

        return run;
    }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public Task<Stream> Open(string name, CancellationToken cancel) => Task.FromResult<Stream>(File.OpenRead(Path(name)));

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
