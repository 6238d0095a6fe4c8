using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Generation.Batches;
using Tributary.Generation.Output;

namespace Tributary.Host.Generation;

/// <summary>A run folder written by <c>gen run</c>: its manifest and batch files, validated for use by the model verbs.</summary>
internal sealed record RunFolder(DirectoryInfo Directory, RunManifest Manifest)
{
    /// <summary>Reads and checks the manifest; the model verbs need CSV written with features.</summary>
    public static async Task<RunFolder> OpenForModelAsync(DirectoryInfo dir, CancellationToken cancel)
    {
        var path = Path.Combine(dir.FullName, "manifest.json");
        if (!File.Exists(path))
        {
            throw new InvalidInputException(new InputError(path, 0, null, "no manifest.json here; point --data at a folder written by `gen run`"));
        }

        RunManifest manifest;
        await using (var stream = File.OpenRead(path))
        {
            try
            {
                manifest = await RunManifest.ReadAsync(stream, cancel);
            }
            catch (JsonException e)
            {
                throw new InvalidInputException(new InputError(path, e.LineNumber + 1 ?? 0, e.Path, $"not a valid manifest: {e.Message}"));
            }
        }

        if (!manifest.Features || manifest.Format != OutputFormat.Csv.Extension())
        {
            throw new InvalidInputException(new InputError(path, 0, "features",
                $"the model needs CSV batches with feature columns; this run is {manifest.Format} with features={manifest.Features}. Re-run `gen run --features --format csv`."));
        }

        if (manifest.Batches.Count == 0)
        {
            throw new InvalidInputException(new InputError(path, 0, "batches", "the manifest lists no batches"));
        }

        foreach (var batch in manifest.Batches)
        {
            if (batch.File != Path.GetFileName(batch.File) || !File.Exists(Path.Combine(dir.FullName, batch.File)))
            {
                throw new InvalidInputException(new InputError(path, 0, "batches", $"batch file '{batch.File}' is missing from {dir.FullName}"));
            }
        }

        return new RunFolder(dir, manifest);
    }

    /// <summary>Full paths of the listed batches.</summary>
    public IReadOnlyList<string> Files(IEnumerable<int> indices) =>
        Manifest.Batches.Where(b => indices.Contains(b.Index)).Select(b => Path.Combine(Directory.FullName, b.File)).ToArray();
}
