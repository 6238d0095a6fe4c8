using Tributary.Pipeline.Settings;
using Tributary.Pipeline.Uploads;

namespace Tributary.Host.Serve.WebConsole;

/// <summary>Settings of the browser console and the upload route (section `Tributary:Console`).</summary>
/// <param name="TraceUrl">A URL template with `{traceId}` (a Jaeger or Grafana link) for the run page's trace id; none when null.</param>
/// <param name="MaxUploadBytes">The largest file `PUT /api/drops/{kind}/{path}` accepts.</param>
public sealed record ConsoleSettings(string? TraceUrl = null, long MaxUploadBytes = DropUpload.DefaultMaxBytes)
{
    /// <summary>Reads `Tributary:Console:TraceUrl` and `:MaxUploadBytes`; an unusable value is a line in <paramref name="values"/>.</summary>
    public static ConsoleSettings From(SettingValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var defaults = new ConsoleSettings();
        var traceUrl = values.Text("Tributary:Console:TraceUrl");
        if (!string.IsNullOrWhiteSpace(traceUrl) && !Uri.TryCreate(traceUrl.Replace("{traceId}", "0", StringComparison.Ordinal), UriKind.Absolute, out _))
        {
            values.Fail("Tributary:Console:TraceUrl", $"'{traceUrl}' is not an absolute URL template such as https://jaeger.example/trace/{{traceId}}");
        }

        return new ConsoleSettings(
            string.IsNullOrWhiteSpace(traceUrl) ? null : traceUrl,
            values.PositiveLong("Tributary:Console:MaxUploadBytes") ?? defaults.MaxUploadBytes);
    }
}
