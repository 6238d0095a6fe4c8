using Tributary.Pipeline.Access;

namespace Tributary.Functions.Access;

/// <summary>
/// The operation each HTTP function performs, as `serve` marks its routes; the role each needs is core's <see cref="AccessPolicy"/>.
/// A function missing here is refused to everyone (secure by default), and a test checks every HTTP function is listed.
/// </summary>
public static class FunctionAccess
{
    /// <summary>Functions anyone may call: liveness only.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string> { "Health" };

    /// <summary>Function name → operation.</summary>
    public static readonly IReadOnlyDictionary<string, PipelineOperation> Operations = new Dictionary<string, PipelineOperation>
    {
        ["StartRun"] = PipelineOperation.StartRun,
        ["ListRuns"] = PipelineOperation.Read,
        ["GetRun"] = PipelineOperation.Read,
        ["TerminateRun"] = PipelineOperation.TerminateRun,
        ["RerunRun"] = PipelineOperation.RerunRun,
        ["PurgeRun"] = PipelineOperation.PurgeRun,
        ["ListDrops"] = PipelineOperation.Read,
        ["GetHpiSeries"] = PipelineOperation.Read,
        ["GetReconBreaks"] = PipelineOperation.Read,
        ["GetGenerationRun"] = PipelineOperation.Read,
        ["PatchReconBreak"] = PipelineOperation.MoveBreak,
        ["GetForecastRecommendations"] = PipelineOperation.Read,
        ["PostForecastFeedback"] = PipelineOperation.RecordFeedback,
    };
}
