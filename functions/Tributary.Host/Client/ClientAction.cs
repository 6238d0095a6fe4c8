using System.CommandLine;
using Tributary.Host.Cli;

namespace Tributary.Host.Client;

/// <summary>The error policy of the client verbs on top of <see cref="CliAction"/>: a host's 4xx is a usage error, no answer an environment one.</summary>
internal static class ClientAction
{
    /// <summary>Wraps a client verb's body: refusals print one message, never a stack trace, and map to exit 2 or 3.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, CancellationToken, Task<int>> body) =>
        CliAction.Run(async (parse, cancel) =>
        {
            try
            {
                return await body(parse, cancel).ConfigureAwait(false);
            }
            catch (PipelineClientException e)
            {
                CliAction.Error(e.Message);
                return e.IsClientError ? CliAction.InvalidInput : CliAction.EnvironmentFailure;
            }
            catch (HttpRequestException e)
            {
                CliAction.Error($"cannot reach the host: {e.Message} (is `tributary serve` running? see --host and --data)");
                return CliAction.EnvironmentFailure;
            }
            catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
            {
                // HttpClient reports its own timeout as a cancellation.
                CliAction.Error($"the host did not answer in time: {e.Message}");
                return CliAction.EnvironmentFailure;
            }
        });
}
