using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>events.csv: <c>date,market,name,expected_attendance</c>. A day without a row has no event.</summary>
public sealed class EventCalendar
{
    private readonly Dictionary<(string Market, DateOnly Date), MarketEvent[]> _days;

    public EventCalendar(IEnumerable<MarketEvent> events)
    {
        _days = events.GroupBy(e => (e.Market, e.Date)).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The required columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["date", "market", "name", "expected_attendance"];

    public int Count => _days.Values.Sum(v => v.Length);

    /// <summary>Events at a market on a date (empty when none).</summary>
    public IReadOnlyList<MarketEvent> On(string market, DateOnly date) => _days.GetValueOrDefault((market, date)) ?? [];

    /// <summary>Reads events.csv.</summary>
    public static EventCalendar Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a stream; <paramref name="file"/> names it in errors.</summary>
    public static EventCalendar Read(Stream stream, string file)
    {
        var errors = new List<InputError>();
        var events = new List<MarketEvent>();
        using var csv = CsvSource.Open(stream, file, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryDate(0, errors, out var date);
            ok &= csv.TryText(1, errors, out var market);
            ok &= csv.TryText(2, errors, out var name);
            ok &= csv.TryInt(3, errors, 0, 10_000_000, out var attendance);
            if (ok)
            {
                events.Add(new MarketEvent(date, market, name, attendance));
            }

            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        return new EventCalendar(events);
    }
}
