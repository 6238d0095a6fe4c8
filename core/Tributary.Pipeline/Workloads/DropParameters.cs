using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Workloads;

/// <summary>Completes a drop's request in its plan step: reads the trigger (manifest or request file) as the parameters and validates.</summary>
public static class DropParameters
{
    /// <summary>Largest trigger file accepted: manifests and requests are small by design.</summary>
    public const int MaxTriggerBytes = InputLimits.MaxTriggerBytes;

    /// <summary>The request with its parameters filled in from the drop's trigger when missing, validated by the workload.</summary>
    /// <exception cref="InvalidInputException">The trigger is not JSON, too large, or fails the workload's validation.</exception>
    public static async Task<RunRequest> ResolveAsync(IWorkload workload, IBlobStore blobs, RunRequest request, CancellationToken cancellationToken)
    {
        var file = request.Drop?.Trigger.ToString() ?? "request";
        if (request.Parameters is null && request.Drop is { } drop)
        {
            var info = await blobs.GetInfoAsync(drop.Trigger, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidInputException(new InputError(file, 0, null, "the trigger file disappeared before the run read it"));
            if (info.Length > MaxTriggerBytes)
            {
                throw new InvalidInputException(new InputError(file, 0, null, $"{info.Length} bytes; at most {MaxTriggerBytes} are accepted"));
            }

            await using var content = await blobs.OpenReadAsync(drop.Trigger, cancellationToken).ConfigureAwait(false);
            try
            {
                using var json = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
                request = request with { Parameters = json.RootElement.Clone() };
            }
            catch (JsonException e)
            {
                throw new InvalidInputException(new InputError(file, (e.LineNumber ?? -1) + 1, e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : null, JsonErrors.Describe(e)));
            }
        }

        var errors = workload.Validate(request);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors.Select(e => e with { File = request.Drop is null ? e.File : file }).ToList());
        }

        return request;
    }
}
