using Microsoft.Extensions.Configuration;
using Tributary.Pipeline.Uploads;

namespace Tributary.Host.Serve.WebConsole;

/// <summary>Settings of the browser console and the upload route (section `Tributary:Console`).</summary>
/// <param name="TraceUrl">A URL template with `{traceId}` (a Jaeger or Grafana link) for the run page's trace id; none when null.</param>
/// <param name="MaxUploadBytes">The largest file `PUT /api/drops/{kind}/{path}` accepts.</param>
public sealed record ConsoleSettings(string? TraceUrl = null, long MaxUploadBytes = DropUpload.DefaultMaxBytes)
{
    /// <summary>Reads `Tributary:Console:TraceUrl` and `:MaxUploadBytes`.</summary>
    public static ConsoleSettings From(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new ConsoleSettings();
        var max = long.TryParse(section["MaxUploadBytes"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : defaults.MaxUploadBytes;
        return new ConsoleSettings(string.IsNullOrWhiteSpace(section["TraceUrl"]) ? null : section["TraceUrl"], max);
    }
}
