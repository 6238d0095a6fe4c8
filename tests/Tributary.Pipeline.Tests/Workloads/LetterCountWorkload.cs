using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Workloads;

/// <summary>
/// A minimal workload for pipeline tests: `words.txt` in a drop folder, one word per line, partitioned by a fixed number of
/// lines; each partition counts letters; finalize stores the totals. A line with a digit is invalid input.
/// </summary>
internal sealed class LetterCountWorkload(PipelineServices services, int linesPerPartition, string kind = "letters") : IWorkload
{
    public const string ResultContainer = "letter-counts";

    public string Kind => kind;

    public DropConvention? Drop => new("letters-drop", "manifest.json", RequiredFiles);

    /// <summary>Files the drop convention requires (none unless a test asks): what the plan waits for and the listing names.</summary>
    public IReadOnlyList<string>? RequiredFiles { get; init; }

    public ConcurrentDictionary<string, int> PartitionRuns { get; } = new();

    /// <summary>Each partition's first attempts that fail with a transient error before one succeeds.</summary>
    public int TransientFailuresPerPartition { get; init; }

    /// <summary>Each partition's first attempts that hang (until cancelled) before one finishes: what a per-attempt timeout is for.</summary>
    public int HangingAttemptsPerPartition { get; init; }

    /// <summary>When set, every partition waits for it (to catch a run mid-flight).</summary>
    public TaskCompletionSource? Gate { get; init; }

    /// <summary>Partitions wait for the gate without looking at cancellation (an engine busy in a loop that never checks it).</summary>
    public bool IgnoresCancellation { get; init; }

    /// <summary>Each partition writes its count to `staging/{run}/count-{partition}.txt`: an output a terminate must not leave.</summary>
    public bool WritesCounts { get; init; }

    /// <summary>How many partition calls have ended, in whatever way.</summary>
    public int PartitionEnds => _ends;

    /// <summary>How many times the workload's own finalize ran.</summary>
    public int FinalizeRuns => _finalizes;

    private int _ends;
    private int _finalizes;

    public IReadOnlyList<InputError> Validate(RunRequest request) =>
        request.Source is null ? [new InputError("request", 0, "source", "a source folder is required")] : [];

    public async Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var source = request.Source!.File("words.txt");
        using var reader = new StreamReader(await services.Blobs.OpenReadAsync(source, cancellationToken));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Any(char.IsDigit))
            {
                throw new InvalidInputException(new InputError(source.ToString(), lines.Count + 1, "word", $"'{line}' contains a digit"));
            }

            lines.Add(line);
        }

        await services.Blobs.EnsureContainerAsync("staging", cancellationToken);
        var partitions = new List<PartitionRef>();
        foreach (var (chunk, index) in lines.Chunk(linesPerPartition).Select((c, i) => (c, i)))
        {
            var blob = new BlobRef("staging", $"{runId}/part-{index:D5}.txt");
            await services.Blobs.WriteAsync(blob, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', chunk))), cancellationToken);
            partitions.Add(new PartitionRef($"p{index:D5}", blob));
        }

        return new WorkloadPlan(partitions, JsonSerializer.SerializeToElement(new { words = lines.Count }));
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        try
        {
            return await CountAsync(runId, partition, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _ends);
        }
    }

    private async Task<JsonElement> CountAsync(string runId, PartitionRef partition, CancellationToken cancellationToken)
    {
        var attempt = PartitionRuns.AddOrUpdate(partition.Id, 1, (_, n) => n + 1);

        // The input is read first, as an engine does, so a partition held at the gate has what it needs to write afterwards.
        using var reader = new StreamReader(await services.Blobs.OpenReadAsync(partition.Input!, cancellationToken));
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (Gate is { } gate)
        {
            await (IgnoresCancellation ? gate.Task : gate.Task.WaitAsync(cancellationToken));
        }

        if (attempt <= HangingAttemptsPerPartition)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (attempt <= TransientFailuresPerPartition)
        {
            throw new IOException($"transient failure of {partition.Id}, attempt {attempt}");
        }

        // A line starting with '#' is bad input found late, in the partition: never worth retrying.
        if (text.Split('\n').FirstOrDefault(l => l.StartsWith('#')) is { } bad)
        {
            throw new InvalidInputException(new InputError(partition.Input!.ToString(), 0, "word", $"'{bad}' is a comment, not a word"));
        }
        if (WritesCounts)
        {
            await services.Blobs.WriteAsync(new BlobRef("staging", $"{runId}/count-{partition.Id}.txt"), new MemoryStream(Encoding.UTF8.GetBytes($"{text.Count(char.IsLetter)}")), CancellationToken.None);
        }

        return JsonSerializer.SerializeToElement(new PartitionCount(text.Count(char.IsLetter)), DurableJson.Options);
    }

    public async Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _finalizes);

        // As hpi's finalize reads its staged contributions: a finalize that runs after the staging was removed cannot work.
        if (await services.Blobs.GetInfoAsync(new BlobRef("staging", $"{runId}/part-00000.txt"), cancellationToken) is null)
        {
            throw new FileNotFoundException($"staging/{runId}/part-00000.txt is gone");
        }

        var letters = summaries.Sum(s => s.Deserialize<PartitionCount>(DurableJson.Options)!.Letters);
        var words = plan.Context!.Value.GetProperty("words").GetInt32();
        var result = new LetterTotals(runId, runId, words, letters, summaries.Count);
        await services.Documents.UpsertAsync(ResultContainer, runId, runId, result, cancellationToken);
        return JsonSerializer.SerializeToElement(result, DurableJson.Options);
    }

    public Task<int> RemoveStagingAsync(string runId, CancellationToken cancellationToken) =>
        RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, "staging");

    public async Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken) =>
        (await services.Documents.DeleteAsync(ResultContainer, runId, runId, cancellationToken) ? 1 : 0)
        + await RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, "staging");

    internal sealed record PartitionCount(int Letters);
}

internal sealed record LetterTotals(string Id, string RunId, int Words, int Letters, int Partitions);
