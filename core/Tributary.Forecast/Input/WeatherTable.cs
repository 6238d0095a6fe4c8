using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>weather.csv: <c>date,market,temp_c,precip_mm,wind_kph</c>, with climatology as the fallback for days without a row.</summary>
public sealed class WeatherTable
{
    /// <summary>The day assumed when nothing is known: mild, dry, light wind. Effects are measured from here.</summary>
    public static readonly WeatherObservation NeutralDay = new(15, 0, 10);

    private readonly Dictionary<(string Market, DateOnly Date), WeatherObservation> _days;
    private readonly Dictionary<string, MarketWeather> _markets;

    public WeatherTable(IEnumerable<(string Market, DateOnly Date, WeatherObservation Weather)> rows)
    {
        _days = [];
        foreach (var (market, date, weather) in rows)
        {
            _days[(market, date)] = weather;
        }

        var climatology = BuildClimatology(_days).GroupBy(c => c.Key.Item1)
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Key.Item2, c => c.Value));
        _markets = _days.GroupBy(kv => kv.Key.Market).ToDictionary(g => g.Key, g => new MarketWeather(
            g.ToDictionary(kv => kv.Key.Date, kv => kv.Value), climatology[g.Key]));
    }

    /// <summary>One market's weather, looked up once per series instead of once per day.</summary>
    public MarketWeather? For(string market) => _markets.GetValueOrDefault(market);

    /// <summary>The required columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["date", "market", "temp_c", "precip_mm", "wind_kph"];

    public int Count => _days.Count;

    /// <summary>The weather of a market day and where it came from: the file, else climatology, else neutral.</summary>
    public (WeatherObservation Weather, WeatherSource Source) Resolve(string market, DateOnly date) =>
        For(market) is { } weather ? weather.Resolve(date) : (NeutralDay, WeatherSource.Neutral);

    /// <summary>Resolution without a weather file: always neutral.</summary>
    public static (WeatherObservation Weather, WeatherSource Source) Resolve(WeatherTable? table, string market, DateOnly date) =>
        table is null ? (NeutralDay, WeatherSource.Neutral) : table.Resolve(market, date);

    /// <summary>The table without the rows on or after <paramref name="cutoff"/>: what a user knew then, minus the forecast.</summary>
    public WeatherTable Before(DateOnly cutoff) => new(_days.Where(kv => kv.Key.Date < cutoff).Select(kv => (kv.Key.Market, kv.Key.Date, kv.Value)));

    internal static int WeekOf(DateOnly date) => Math.Min(52, (date.DayOfYear - 1) / 7); // 0..52, the 53rd stub joins the 52nd

    /// <summary>Per market and week of year, the mean over weeks w−1..w+1 of every year. Rain is averaged as log1p(mm),
    /// the scale the model uses, and turned back to mm, so the fallback day carries the average rain effect, not that of an
    /// average amount.</summary>
    private static Dictionary<(string, int), WeatherObservation> BuildClimatology(Dictionary<(string Market, DateOnly Date), WeatherObservation> days)
    {
        var sums = new Dictionary<(string, int), (double T, double LogP, double W, int N)>();
        foreach (var ((market, date), w) in days)
        {
            var week = WeekOf(date);
            for (var d = -1; d <= 1; d++)
            {
                var key = (market, (week + d + 53) % 53);
                var s = sums.GetValueOrDefault(key);
                sums[key] = (s.T + w.TempC, s.LogP + Math.Log(1 + w.PrecipMm), s.W + w.WindKph, s.N + 1);
            }
        }

        return sums.ToDictionary(kv => kv.Key, kv => new WeatherObservation(kv.Value.T / kv.Value.N, Math.Exp(kv.Value.LogP / kv.Value.N) - 1, kv.Value.W / kv.Value.N));
    }

    /// <summary>Reads weather.csv.</summary>
    public static WeatherTable Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a stream; <paramref name="file"/> names it in errors. Two rows for one market and date are an error.</summary>
    public static WeatherTable Read(Stream stream, string file)
    {
        var errors = new List<InputError>();
        var rows = new Dictionary<(string, DateOnly), long>();
        var list = new List<(string, DateOnly, WeatherObservation)>();
        using var csv = CsvSource.Open(stream, file, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryDate(0, errors, out var date);
            ok &= csv.TryText(1, errors, out var market);
            ok &= csv.TryNumber(2, errors, -60, 60, out var temp);
            ok &= csv.TryNumber(3, errors, 0, 500, out var precip);
            ok &= csv.TryNumber(4, errors, 0, 300, out var wind);
            if (ok)
            {
                if (rows.TryGetValue((market, date), out var first))
                {
                    errors.Add(csv.Error(0, $"{market} already has weather for {date:yyyy-MM-dd} (line {first})"));
                }
                else
                {
                    rows[(market, date)] = csv.Line;
                    list.Add((market, date, new WeatherObservation(temp, precip, wind)));
                }
            }

            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        return new WeatherTable(list);
    }
}

/// <summary>The weather rows and climatology of one market.</summary>
public sealed class MarketWeather
{
    private readonly Dictionary<DateOnly, WeatherObservation> _days;
    private readonly Dictionary<int, WeatherObservation> _climatology;

    internal MarketWeather(Dictionary<DateOnly, WeatherObservation> days, Dictionary<int, WeatherObservation> climatology)
    {
        _days = days;
        _climatology = climatology;
    }

    /// <summary>The weather of a day and where it came from: the file, else climatology, else neutral.</summary>
    public (WeatherObservation Weather, WeatherSource Source) Resolve(DateOnly date)
    {
        if (_days.TryGetValue(date, out var day))
        {
            return (day, WeatherSource.Forecast);
        }

        return _climatology.TryGetValue(WeatherTable.WeekOf(date), out var usual)
            ? (usual, WeatherSource.Climatology)
            : (WeatherTable.NeutralDay, WeatherSource.Neutral);
    }
}
