using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// The run-wide inputs of the fifth step, staged once by the plan for every bucket: the field weights estimated over both
/// whole inputs (so a bucket judges evidence like the others, and suggestions do not depend on the bucket count), and the
/// ids of the groupings people rejected in the run this one follows (so a re-run does not suggest them again).
/// </summary>
public static class SuggestionStaging
{
    /// <summary>Writes the weights and the rejected ids beside the run's buckets; returns where (small: it travels in history).</summary>
    public static async Task<StagedSuggestionInputs> StageAsync(PipelineServices services, string runId, string? previousRunId, FieldWeights? weights,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        BlobRef? weightsBlob = null;
        if (weights is not null)
        {
            weightsBlob = new BlobRef(ReconciliationWorkload.StagingContainer, $"{runId}/suggestion-weights.json");
            using var json = new MemoryStream();
            weights.Write(json);
            json.Position = 0;
            await services.Blobs.WriteAsync(weightsBlob, json, cancellationToken).ConfigureAwait(false);
        }

        BlobRef? rejectedBlob = null;
        var rejected = 0;
        if (previousRunId is not null && previousRunId != runId)
        {
            var ids = await RejectedIdsAsync(services.Documents, previousRunId, cancellationToken).ConfigureAwait(false);
            rejected = ids.Count;
            rejectedBlob = new BlobRef(ReconciliationWorkload.StagingContainer, $"{runId}/suggestions-rejected.json");
            await services.Blobs.WriteAsync(rejectedBlob, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(ids, DurableJson.Options)), cancellationToken)
                .ConfigureAwait(false);
        }

        return new StagedSuggestionInputs(weightsBlob, rejectedBlob, rejected);
    }

    /// <summary>The options a bucket runs the fifth step with: the staged weights and rejections (defaults when none were staged).</summary>
    public static async Task<SuggestionOptions> OptionsAsync(PipelineServices services, StagedSuggestionInputs? staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = SuggestionOptions.Default;
        if (staged?.Weights is { } weightsBlob)
        {
            await using var stream = await services.Blobs.OpenReadAsync(weightsBlob, cancellationToken).ConfigureAwait(false);
            options = options with { Weights = FieldWeights.Read(stream) };
        }

        if (staged?.Rejected is { } rejectedBlob)
        {
            await using var stream = await services.Blobs.OpenReadAsync(rejectedBlob, cancellationToken).ConfigureAwait(false);
            var ids = await JsonSerializer.DeserializeAsync<List<string>>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
            options = options with { Rejected = new HashSet<string>(ids, StringComparer.Ordinal) };
        }

        return options;
    }

    /// <summary>The suggestion ids of each break the suggestions would clear, surest first.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ByBreak(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        var byBreak = new Dictionary<string, List<Suggestion>>(StringComparer.Ordinal);
        foreach (var suggestion in suggestions)
        {
            foreach (var breakId in suggestion.BreakIds)
            {
                if (!byBreak.TryGetValue(breakId, out var list))
                {
                    byBreak[breakId] = list = [];
                }

                list.Add(suggestion);
            }
        }

        return byBreak.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Order(Comparer<Suggestion>.Create(SuggestionStep.Compare)).Select(s => s.SuggestionId).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>Every suggestion id rejected in a run, ordered.</summary>
    public static async Task<List<string>> RejectedIdsAsync(IDocumentStore documents, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var rejected = new Dictionary<string, string> { ["status"] = ReconSuggestionDocument.Rejected };
        var ids = (await documents.QueryEveryAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, runId, rejected, cancellationToken).ConfigureAwait(false))
            .Select(s => s.Id).ToList();

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }
}

/// <summary>Where the plan staged the fifth step's run-wide inputs: the field weights and the ids rejected in the previous run (and how many).</summary>
public sealed record StagedSuggestionInputs(BlobRef? Weights, BlobRef? Rejected, int RejectedCount);
