namespace Tributary.Generation.Output;

/// <summary>File format of a run's output.</summary>
public enum OutputFormat
{
    Csv,
    Parquet,
    Jsonl,
}

/// <summary>File extensions and parsing of <see cref="OutputFormat"/>.</summary>
public static class OutputFormats
{
    /// <summary>Extension without the dot.</summary>
    public static string Extension(this OutputFormat format) => format switch
    {
        OutputFormat.Csv => "csv",
        OutputFormat.Parquet => "parquet",
        OutputFormat.Jsonl => "jsonl",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Parses "csv", "parquet" or "jsonl" (case-insensitive).</summary>
    public static bool TryParse(string? text, out OutputFormat format)
    {
        format = OutputFormat.Csv;
        switch (text?.ToLowerInvariant())
        {
            case "csv": format = OutputFormat.Csv; return true;
            case "parquet": format = OutputFormat.Parquet; return true;
            case "jsonl": format = OutputFormat.Jsonl; return true;
            default: return false;
        }
    }
}
