namespace Tributary.Pipeline.Access;

/// <summary>Each thing a caller can ask of either host; every HTTP route maps to exactly one (<see cref="AccessPolicy"/>).</summary>
public enum PipelineOperation
{
    /// <summary>Read run status, list runs, read drops, results, breaks, recommendations, the health details and the API description.</summary>
    Read,

    /// <summary>Start a run (POST /api/runs/{kind}).</summary>
    StartRun,

    /// <summary>Run a finished run again on its input (POST /api/runs/{id}/rerun).</summary>
    RerunRun,

    /// <summary>Terminate an unfinished run (POST /api/runs/{id}/terminate).</summary>
    TerminateRun,

    /// <summary>Purge a finished run with its results (DELETE /api/runs/{id}).</summary>
    PurgeRun,

    /// <summary>Move a break along its workflow (PATCH /api/recon/{runId}/breaks/{breakId}); the target decides the role.</summary>
    MoveBreak,

    /// <summary>Accept or reject a suggested match (POST /api/recon/{runId}/suggestions/{id}/accept|reject); accepting closes its breaks.</summary>
    DecideSuggestion,

    /// <summary>Record what vendors brought and sold (POST /api/forecast/{runId}/feedback).</summary>
    RecordFeedback,

    /// <summary>Change the host's configuration (keys, timers); no HTTP route yet.</summary>
    Configure,
}
