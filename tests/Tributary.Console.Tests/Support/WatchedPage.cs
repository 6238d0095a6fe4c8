using Microsoft.Playwright;

namespace Tributary.Console.Tests.Support;

/// <summary>A page that records console errors, uncaught exceptions and every request to another origin, for the tests to assert none happened.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly List<string> _foreign = [];

    public WatchedPage(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        Page = page;
        var own = origin.GetLeftPart(UriPartial.Authority);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors) _errors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"{page.Url}: uncaught {error}"); };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(own, StringComparison.OrdinalIgnoreCase) && !request.Url.StartsWith("blob:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (_foreign) _foreign.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>No console error, no uncaught exception and no request to another origin so far.</summary>
    public void AssertClean()
    {
        lock (_errors) Assert.True(_errors.Count == 0, "console errors:\n" + string.Join("\n", _errors));
        lock (_foreign) Assert.True(_foreign.Count == 0, "requests to other origins:\n" + string.Join("\n", _foreign));
    }

    /// <summary>Saves a screenshot of the page to $TRIBUTARY_CONSOLE_SCREENSHOTS/{name}.png when that folder is set (docs/console).</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("TRIBUTARY_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
