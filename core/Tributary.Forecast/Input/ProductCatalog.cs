using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>Categories of products, from the optional products.csv: <c>vendor,product,category</c>.</summary>
/// <remarks>sales.csv has a fixed header without a category, so the category lives in its own file; a product it does not
/// list has no category, and a new product then borrows from its vendor and its market only.</remarks>
public sealed class ProductCatalog
{
    private readonly Dictionary<(string Vendor, string Product), string> _categories;

    public ProductCatalog(IEnumerable<(string Vendor, string Product, string Category)> entries)
    {
        _categories = [];
        foreach (var (vendor, product, category) in entries)
        {
            _categories[(vendor, product)] = category;
        }
    }

    /// <summary>The required columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["vendor", "product", "category"];

    public int Count => _categories.Count;

    public string? CategoryOf(string vendor, string product) => _categories.GetValueOrDefault((vendor, product));

    /// <summary>Reads products.csv.</summary>
    public static ProductCatalog Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a stream; <paramref name="file"/> names it in errors. A product listed twice with two categories is an error.</summary>
    public static ProductCatalog Read(Stream stream, string file)
    {
        var errors = new List<InputError>();
        var seen = new Dictionary<(string, string), (string Category, long Line)>();
        using var csv = CsvSource.Open(stream, file, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryText(0, errors, out var vendor);
            ok &= csv.TryText(1, errors, out var product);
            ok &= csv.TryText(2, errors, out var category);
            if (ok)
            {
                if (seen.TryGetValue((vendor, product), out var first) && first.Category != category)
                {
                    errors.Add(csv.Error(2, $"{vendor}/{product} is already '{first.Category}' (line {first.Line})"));
                }
                else
                {
                    seen[(vendor, product)] = (category, csv.Line);
                }
            }

            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        return new ProductCatalog(seen.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value.Category)));
    }
}
