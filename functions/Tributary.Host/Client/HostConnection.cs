using System.CommandLine;
using Tributary.Host.LocalData;

namespace Tributary.Host.Client;

/// <summary>The options every client verb shares (--host, --data, --api-key) and the client they make.</summary>
internal sealed class HostConnection
{
    public Option<string?> Host { get; } = new("--host")
    {
        Description = "Address of the running `tributary serve`. Default: the API address in the data directory's endpoints.json " +
            $"(see --data) when something answers there, else {PipelineClient.DefaultHost}.",
    };

    public Option<string?> Data { get; } = LocalDataSession.DataOption(
        "Data directory of the running `serve`: its endpoints.json names its address (ignored with --host) and its admin.key is the key sent " +
        "when neither --api-key nor " + ClientCredential.EnvironmentVariable + " gives one.");

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent in the {ClientCredential.HeaderName} header. Default: ${ClientCredential.EnvironmentVariable}, else the " +
            "single line of <data>/admin.key. Prefer the variable: a command line is visible to other users of the machine.",
    };

    /// <summary>Adds the three options to a verb.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Data);
        command.Options.Add(ApiKey);
    }

    /// <summary>A verb's action: the client of the host and credential the options name, under the client error policy.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, PipelineClient, CancellationToken, Task<int>> body) =>
        ClientAction.Run(async (parse, cancel) =>
        {
            using var client = await ConnectAsync(parse, cancel).ConfigureAwait(false);
            return await body(parse, client, cancel).ConfigureAwait(false);
        });

    /// <summary>The client of the host and credential the options name, for a verb that must check its own input first.</summary>
    /// <param name="timeout">Per request; null for the usual 30 s, <see cref="Timeout.InfiniteTimeSpan"/> for verbs that move whole files.</param>
    public async Task<PipelineClient> ConnectAsync(ParseResult parse, CancellationToken cancel, TimeSpan? timeout = null)
    {
        var credential = ClientCredential.Resolve(parse.GetValue(ApiKey), parse.GetValue(Data));
        var found = await HostDiscovery.ResolveAsync(parse.GetValue(Host), parse.GetValue(Data), cancel).ConfigureAwait(false);
        return PipelineClient.For(found.Address, credential, timeout: timeout);
    }
}
