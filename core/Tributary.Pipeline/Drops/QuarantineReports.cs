using System.Text;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>
/// `GET /api/drops/quarantined`, for both hosts: the newest quarantine reports (`quarantine/{container}/{trigger}.{run}.error.txt`)
/// with their text, so an operator sees why a drop was rejected without storage tools. One listing of the quarantine
/// container; at most <see cref="MaxReports"/> reports of at most <see cref="MaxReportChars"/> characters are read.
/// </summary>
public static class QuarantineReports
{
    /// <summary>The most reports one call returns (the newest).</summary>
    public const int MaxReports = 50;

    /// <summary>The most characters of one report returned.</summary>
    public const int MaxReportChars = 16 * 1024;

    /// <summary>The newest reports with their text; <see cref="QuarantineView.More"/> when older ones were left out.</summary>
    public static async Task<QuarantineView> ListAsync(IBlobStore blobs, CancellationToken cancellationToken, string container = Quarantine.DefaultContainer)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var found = new List<BlobItemInfo>();
        await foreach (var item in blobs.ListAsync(container, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (item.Blob.Path.EndsWith(Quarantine.ReportSuffix, StringComparison.Ordinal))
            {
                found.Add(item);
            }
        }

        var newest = found.OrderByDescending(i => i.LastModified).ThenBy(i => i.Blob.Path, StringComparer.Ordinal).Take(MaxReports).ToList();
        var reports = new List<QuarantineReport>();
        foreach (var item in newest)
        {
            reports.Add(new QuarantineReport(item.Blob.Path, RunIdOf(item.Blob.Path), item.LastModified, await ReadAsync(blobs, item.Blob, cancellationToken).ConfigureAwait(false)));
        }

        return new QuarantineView(reports, found.Count > newest.Count);
    }

    /// <summary>The run id in a report's name (`….json.{run}.error.txt`), or null when the name has another shape.</summary>
    public static string? RunIdOf(string reportPath)
    {
        ArgumentNullException.ThrowIfNull(reportPath);
        var stem = reportPath[..^Quarantine.ReportSuffix.Length];
        var at = stem.LastIndexOf(".json.", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : stem[(at + ".json.".Length)..];
    }

    private static async Task<string> ReadAsync(IBlobStore blobs, BlobRef blob, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxReportChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            return read == MaxReportChars ? new string(buffer, 0, read) + "\n…(cut)" : new string(buffer, 0, read);
        }
        catch (FileNotFoundException)
        {
            return "(the report was removed while it was listed)";
        }
    }
}

/// <summary>The quarantine reports shown, newest first.</summary>
public sealed record QuarantineView(IReadOnlyList<QuarantineReport> Reports, bool More);

/// <summary>One rejected drop's report: its path in the quarantine container, the run that rejected it, when, and its text.</summary>
public sealed record QuarantineReport(string Path, string? RunId, DateTimeOffset LastModified, string Report);
