using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>Reads sales.csv: <c>date,market,vendor,product,units_sold,units_brought,price</c> (units_brought may be empty).</summary>
public static class SalesReader
{
    /// <summary>The required columns, in the documented order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["date", "market", "vendor", "product", "units_sold", "units_brought", "price"];

    /// <summary>Reads a file; categories come from <paramref name="catalog"/> when given.</summary>
    /// <param name="endsBefore">The first day recommendations are asked for: a row on or after it is an error (see the stream overload).</param>
    public static SalesHistory Read(string path, ProductCatalog? catalog = null, DateOnly? endsBefore = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, catalog, endsBefore);
    }

    /// <summary>Reads a stream; <paramref name="file"/> names it in errors.</summary>
    /// <param name="endsBefore">
    /// The first day recommendations are asked for. A sale on or after it is an input error naming its line: history from
    /// the future of the requested day would move the model's reference date past it, and every series that did not sell
    /// in the year before that later date would drop out of the output without a word.
    /// </param>
    public static SalesHistory Read(Stream stream, string file, ProductCatalog? catalog = null, DateOnly? endsBefore = null)
    {
        var errors = new List<InputError>();
        var series = new Dictionary<SeriesKey, List<(MarketDaySale Sale, long Line)>>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // one string instance per name
        using var csv = CsvSource.Open(stream, file, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryDate(0, errors, out var date);
            if (ok && endsBefore is { } limit && date >= limit)
            {
                errors.Add(csv.Error(0, $"{date:yyyy-MM-dd} is not before {limit:yyyy-MM-dd}, the first date to recommend for: the history must end before it"));
                ok = false;
            }
            ok &= csv.TryText(1, errors, out var market);
            ok &= csv.TryText(2, errors, out var vendor);
            ok &= csv.TryText(3, errors, out var product);
            ok &= csv.TryInt(4, errors, 0, 10_000_000, out var sold);
            int? brought = null;
            if (csv.Field(5) is not null)
            {
                ok &= csv.TryInt(5, errors, 0, 10_000_000, out var b);
                brought = b;
                if (ok && sold > b)
                {
                    errors.Add(csv.Error(4, $"{sold} units sold is more than the {b} units brought"));
                    ok = false;
                }
            }

            ok &= csv.TryNumber(6, errors, 0, 1e9, out var price);
            if (ok)
            {
                var key = new SeriesKey(Intern(names, market), Intern(names, vendor), Intern(names, product));
                if (!series.TryGetValue(key, out var days))
                {
                    series[key] = days = [];
                }

                days.Add((new MarketDaySale(date, sold, brought, price), csv.Line));
            }

            InputErrors.ThrowIfFull(errors);
        }

        var products = new List<ProductHistory>(series.Count);
        foreach (var (key, days) in series)
        {
            days.Sort((a, b) => a.Sale.Date.CompareTo(b.Sale.Date) is var c and not 0 ? c : a.Line.CompareTo(b.Line));
            for (var i = 1; i < days.Count; i++)
            {
                if (days[i].Sale.Date == days[i - 1].Sale.Date)
                {
                    errors.Add(new InputError(file, days[i].Line, "date",
                        $"{key} already has a row for {days[i].Sale.Date:yyyy-MM-dd} (line {days[i - 1].Line}); one row per market day"));
                }
            }

            products.Add(new ProductHistory(key, catalog?.CategoryOf(key.Vendor, key.Product), days.Select(d => d.Sale).ToArray()));
            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        if (products.Count == 0)
        {
            throw new InvalidInputException(new InputError(file, 0, null, "no sales rows: the model needs history"));
        }

        return new SalesHistory(products);
    }

    private static string Intern(Dictionary<string, string> names, string name)
    {
        if (names.TryGetValue(name, out var known))
        {
            return known;
        }

        names[name] = name;
        return name;
    }
}
