using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>A start of a run (`POST /api/runs/{kind}`), its body parsed and validated once for both hosts so they answer bad input alike.</summary>
/// <param name="InstanceId">The id the caller asked for; null when the host is to choose one.</param>
/// <param name="Run">What the workload runs on: the source folder (prefix normalised) and the parameters.</param>
public sealed record StartRunRequest(string? InstanceId, RunRequest Run)
{
    /// <summary>The largest start body either host reads (a body is an id, a folder and a few parameters).</summary>
    public const int MaxBodyBytes = InputLimits.MaxBodyBytes;

    private static readonly StartRunBody NoBody = new(null, null, null);

    /// <summary>Reads a request body of at most <see cref="MaxBodyBytes"/>; null when it is longer (answer 413), having read no more than one byte past the cap.</summary>
    public static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, MaxBodyBytes + 1 - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Parses the raw body and validates it, with the workload's own checks. An empty body means every default. Each problem
    /// names its field: where the JSON breaks (`body` at the root), `id`, `source.container`, or what the workload names.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> body,
        IWorkload workload,
        [NotNullWhen(true)] out StartRunRequest? start,
        out IReadOnlyList<(string Field, string Problem)> errors)
    {
        start = null;
        StartRunBody parsed;
        var problems = new List<(string Field, string Problem)>();
        try
        {
            parsed = body.IsEmpty ? NoBody : JsonSerializer.Deserialize<StartRunBody>(body, DurableJson.Options) ?? NoBody;
            if (!body.IsEmpty)
            {
                // Parsed again as a tree: the serializer drops keys it does not know, which hides a misspelt `paramters`.
                using var tree = JsonDocument.Parse(body.ToArray());
                problems.AddRange(UnknownKeys.Of<StartRunBody>(tree.RootElement, ""));
                if (tree.RootElement.ValueKind == JsonValueKind.Object && tree.RootElement.TryGetProperty("source", out var sourceJson))
                {
                    problems.AddRange(UnknownKeys.Of<SourceBody>(sourceJson, "source"));
                }
            }
        }
        catch (JsonException e)
        {
            errors = [(BodyField(e.Path), JsonErrors.Describe(e, typeof(StartRunBody)))];
            return false;
        }

        if (parsed.Id is { } id && !RunIds.IsValidCallerId(id))
        {
            problems.Add(("id", RunIds.CallerIdRule));
        }

        BlobFolder? source = null;
        if (parsed.Source is { } s)
        {
            if (string.IsNullOrWhiteSpace(s.Container))
            {
                problems.Add(("source.container", "is required when source is given"));
            }
            else if (InputContainers.Problem(workload, s.Container) is { } where)
            {
                problems.Add(("source.container", where));
            }
            else if (InputContainers.PrefixProblem(s.Prefix) is { } folder)
            {
                problems.Add(("source.prefix", folder));
            }
            else
            {
                source = new BlobFolder(s.Container, NormalizePrefix(s.Prefix));
            }
        }

        var run = new RunRequest(source, parsed.Parameters);
        try
        {
            problems.AddRange(workload.Validate(run).Select(e => (e.Field ?? "parameters", e.Problem)));
        }
        catch (JsonException e)
        {
            // A workload that binds its parameters with the serializer may let a type mismatch escape: still the caller's error.
            problems.Add((RunParameterBinder.WrongTypeField(e), "has the wrong type" + (JsonErrors.Expected(e) is { } expected ? $": expected {expected}" : "")));
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return false;
        }

        start = new StartRunRequest(parsed.Id, run);
        return true;
    }

    // BlobFolder wants no leading '/' and one trailing '/'; a prefix of slashes alone means the container root, not "/".
    private static string NormalizePrefix(string? prefix) =>
        prefix?.Trim('/') is { } trimmed && !string.IsNullOrWhiteSpace(trimmed) ? trimmed + "/" : string.Empty;

    private static string BodyField(string? jsonPath) =>
        jsonPath is { Length: > 1 } ? jsonPath.TrimStart('$', '.') : "body";
}
