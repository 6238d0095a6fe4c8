namespace Tributary.Forecast.Recommendations;

/// <summary>RFC 4180 quoting for the files the engine writes (names and reasons may hold commas).</summary>
public static class Csv
{
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
