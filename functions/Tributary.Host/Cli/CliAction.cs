using Spectre.Console;
using Tributary.Abstractions.Input;

namespace Tributary.Host.Cli;

/// <summary>Runs a CLI verb so that expected failures print a clear message and a non-zero exit code, never a stack trace.</summary>
public static class CliAction
{
    /// <summary>Exit code for input the user must fix (bad file, bad row, bad option).</summary>
    public const int InvalidInput = 2;

    /// <summary>Exit code for an environment problem (missing file, I/O failure, dependency unavailable).</summary>
    public const int EnvironmentFailure = 3;

    /// <summary>Wraps a verb's body with the error policy shared by every verb.</summary>
    public static Func<System.CommandLine.ParseResult, CancellationToken, Task<int>> Run(
        Func<System.CommandLine.ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, cancel) =>
        {
            try
            {
                return await body(parse, cancel).ConfigureAwait(false);
            }
            catch (InvalidInputException e)
            {
                const int shown = 20;
                foreach (var error in e.Errors.Take(shown))
                {
                    Error(error.ToString());
                }

                if (e.Errors.Count > shown)
                {
                    Error($"... and {e.Errors.Count - shown} more errors");
                }

                return InvalidInput;
            }
            catch (FileNotFoundException e)
            {
                // The absolute path: a relative one does not say which working directory it was looked up in.
                Error($"file not found: {(e.FileName is { Length: > 0 } name ? Path.GetFullPath(name) : e.Message)}");
                return EnvironmentFailure;
            }
            catch (DirectoryNotFoundException e)
            {
                Error(e.Message);
                return EnvironmentFailure;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Error("cancelled");
                return 130;
            }
        };

    /// <summary>Writes one error line to standard error.</summary>
    public static void Error(string message) =>
        Console.Error.WriteLine($"error: {message}");

    /// <summary>Console for progress bars and tables; writes to stderr so stdout stays clean for data.</summary>
    public static IAnsiConsole Progress { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Console for tables that are a verb's result (`list`, `recon breaks`): stdout, so they can be piped.</summary>
    public static IAnsiConsole Data { get; } = Create(Console.Out, Console.IsOutputRedirected);

    // Redirected, Spectre assumes 80 columns and wraps cells, which splits ids across lines; a file or grep wants whole rows.
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 400;
        }

        return console;
    }
}
