using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// The one System.Text.Json configuration for everything stored in Cosmos: camelCase properties (so a C# <c>Id</c> is
/// the lowercase <c>id</c> Cosmos requires and <c>RunId</c> is the <c>runId</c> partition key) and enums as strings
/// (so equality filters such as <c>status = "Open"</c> read naturally).
/// </summary>
public static class CosmosJson
{
    /// <summary>Web defaults (camelCase, case-insensitive reads) plus string enums.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new Tributary.Reconciliation.Workflow.BreakStatusJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
