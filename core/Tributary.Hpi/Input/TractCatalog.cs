namespace Tributary.Hpi.Input;

/// <summary>The tracts of a dataset, indexed by code. Either declared (read from tracts.csv) or inferred from transactions
/// (quality reports without tracts.csv: no centroids or measures, so no supertracts can be built).</summary>
public sealed class TractCatalog
{
    private readonly List<TractInfo> _tracts = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public TractCatalog(bool declared) => IsDeclared = declared;

    /// <summary>True when the tracts came from tracts.csv; false when inferred from transaction rows.</summary>
    public bool IsDeclared { get; }

    /// <summary>Tracts in the order added.</summary>
    public IReadOnlyList<TractInfo> Tracts => _tracts;

    /// <summary>Number of tracts.</summary>
    public int Count => _tracts.Count;

    /// <summary>Adds a tract; false when the code is already there.</summary>
    public bool TryAdd(TractInfo tract)
    {
        if (!_index.TryAdd(tract.Code, _tracts.Count))
        {
            return false;
        }

        _tracts.Add(tract);
        return true;
    }

    /// <summary>The tract's index, or −1.</summary>
    public int IndexOf(string code) => _index.TryGetValue(code, out var i) ? i : -1;

    /// <summary>Index lookup by a span, so hot readers need not allocate a string per row.</summary>
    public int IndexOf(ReadOnlySpan<char> code) =>
        _index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var i) ? i : -1;
}
