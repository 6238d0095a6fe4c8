namespace Tributary.Pipeline.Runs;

/// <summary>
/// Every size and count limit the pipeline puts on what callers send (HTTP requests and drops), stated once: the older
/// constants (<see cref="RunIds.MaxCallerIdLength"/>, <see cref="StartRunRequest.MaxBodyBytes"/>, …) are these, and every
/// message quotes them, so two messages never give two limits for one thing. docs/pipeline.md lists them.
/// </summary>
public static class InputLimits
{
    /// <summary>Longest run id (a caller's, a drop's or a re-run's).</summary>
    public const int MaxRunIdLength = 128;

    /// <summary>Longest id of a stored result named in a route (a break id).</summary>
    public const int MaxResultIdLength = 128;

    /// <summary>Largest request body either host reads (a start, or a batch of forecast feedback).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Largest drop trigger (manifest or request file); they are small by design.</summary>
    public const int MaxTriggerBytes = 256 * 1024;

    /// <summary>Longest continuation token accepted; the tokens handed out are far shorter.</summary>
    public const int MaxContinuationTokenLength = 8192;

    /// <summary>Longest terminate reason.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Longest dataset name (it becomes part of result document ids).</summary>
    public const int MaxDatasetNameLength = 100;

    /// <summary>Longest drop folder or trigger path accepted (Azure's own cap on blob names is 1024).</summary>
    public const int MaxDropPathLength = 512;

    /// <summary>Most transactions one generation run may ask for on a host.</summary>
    public const long MaxGenCount = 100_000_000;

    /// <summary>Longest assignee name of a break move.</summary>
    public const int MaxAssigneeLength = 100;

    /// <summary>Longest comment of a break move.</summary>
    public const int MaxCommentLength = 1000;

    /// <summary>Longest API key read from `X-Api-Key`; longer values are refused before hashing.</summary>
    public const int MaxApiKeyLength = 256;

    /// <summary>Longest Easy Auth principal header read; Easy Auth's principals are a few KB.</summary>
    public const int MaxPrincipalHeaderLength = 64 * 1024;
}
