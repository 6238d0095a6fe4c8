using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Tributary.Host.Cli;

/// <summary>
/// How a command line that does not parse is answered: each problem as one `error:` line in the user's words (`--count:
/// 'abc' is not a whole number`, never `System.Int64`), the "did you mean" of a mistyped verb, and where the help is, all on
/// standard error. Standard output stays empty, so a script that pipes it reads nothing instead of the help text.
/// </summary>
public static partial class ParseErrors
{
    /// <summary>Writes the parse's errors to <paramref name="error"/>; returns the usage-error exit code.</summary>
    public static async Task<int> ReportAsync(ParseResult parse, ParseErrorAction action, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(error);
        action.ShowHelp = false;
        using var said = new StringWriter();
        await parse.InvokeAsync(new InvocationConfiguration { Output = said, Error = said }).ConfigureAwait(false);
        // The problems first, then the parser's suggestions ("Did you mean …"). "Required command was not provided" only
        // repeats a mistyped verb's own error.
        var lines = said.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var problems = parse.Errors.Select(e => e.Message).ToHashSet(StringComparer.Ordinal);
        if (problems.Count > 1)
        {
            problems.Remove("Required command was not provided.");
        }

        foreach (var line in parse.Errors.Select(e => e.Message).Where(problems.Contains).Distinct())
        {
            await error.WriteLineAsync($"error: {Readable(line)}").ConfigureAwait(false);
        }

        foreach (var line in lines.Where(l => !parse.Errors.Any(e => e.Message == l)))
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"See `{CommandPath(parse.CommandResult)} --help`.").ConfigureAwait(false);
        return CliAction.InvalidInput;
    }

    /// <summary>A parser message with .NET type names replaced by what the value should look like.</summary>
    public static string Readable(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TypeMismatch().Replace(message, m => $"{m.Groups["name"].Value}: '{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}");
    }

    private static string Expected(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number, e.g. 0.25",
            "System.Boolean" => "true or false",
            "System.DateOnly" => "a date yyyy-MM-dd",
            "System.DateTime" or "System.DateTimeOffset" => "a date and time, e.g. 2026-05-01T08:00:00Z",
            "System.TimeSpan" => "a time span such as 00:00:02",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a directory path",
            _ => "a value of the expected kind",
        };
    }

    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (var at = result; at is not null; at = at.Parent as CommandResult)
        {
            names.Add(at.Parent is null ? "tributary" : at.Command.Name);
        }

        names.Reverse();
        return names.Count == 0 ? "tributary" : string.Join(' ', names);
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<name>[^']+)' as expected type '(?<type>[^']+)'\.?")]
    private static partial Regex TypeMismatch();

    [GeneratedRegex(@"^System\.Nullable`1\[\[?([^,\]]+)")]
    private static partial Regex NullableOf();
}
