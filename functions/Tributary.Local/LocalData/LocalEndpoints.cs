using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Local.LocalData;

/// <summary>
/// The endpoints of the host running on a data directory, as written to <c>&lt;data&gt;/endpoints.json</c>: the
/// emulators' when it started them, and the HTTP API once it listens. The client verbs find the host through it.
/// </summary>
public sealed record LocalEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Azurite blob endpoint.</summary>
    public Uri? Blob { get; init; }

    /// <summary>Azurite queue endpoint.</summary>
    public Uri? Queue { get; init; }

    /// <summary>Azurite table endpoint.</summary>
    public Uri? Table { get; init; }

    /// <summary>Cosmos server endpoint.</summary>
    public Uri? Cosmos { get; init; }

    /// <summary>The host's HTTP API (what the client verbs call).</summary>
    public Uri? Api { get; init; }

    /// <summary>Process that wrote the file (the host).</summary>
    public int? Pid { get; init; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset? WrittenAt { get; init; }

    /// <summary>
    /// Writes the file atomically (temp file, flush, rename), so a reader never sees half of it. The pid and time are
    /// this process's and now.
    /// </summary>
    public void Write(string path)
    {
        var stamped = this with { Pid = Environment.ProcessId, WrittenAt = DateTimeOffset.UtcNow };
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, stamped, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the file; null when it is missing or not valid (a reader must never fail on a stale or foreign file).</summary>
    public static LocalEndpoints? TryRead(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return JsonSerializer.Deserialize<LocalEndpoints>(file, Json);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
