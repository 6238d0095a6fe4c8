using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Rows rejected under <c>--skip-invalid</c>: a count per reason and the first few errors as examples.</summary>
public sealed class RejectLog
{
    private const int ExamplesKept = 20;
    private readonly long[] _counts = new long[Enum.GetValues<RejectReason>().Length];
    private readonly List<InputError> _examples = [];

    /// <summary>Rejected rows per reason (reasons with zero rejects are included).</summary>
    public IReadOnlyDictionary<RejectReason, long> ByReason =>
        Enum.GetValues<RejectReason>().ToDictionary(r => r, r => _counts[(int)r]);

    /// <summary>Total rejected rows.</summary>
    public long Total => _counts.Sum();

    /// <summary>The first rejected rows' errors, for a user to look at.</summary>
    public IReadOnlyList<InputError> Examples => _examples;

    /// <summary>Records one rejected row.</summary>
    public void Add(RejectReason reason, InputError error)
    {
        _counts[(int)reason]++;
        if (_examples.Count < ExamplesKept)
        {
            _examples.Add(error);
        }
    }

    /// <summary>Adds another log's counts (examples up to the cap).</summary>
    public void Merge(RejectLog other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        foreach (var e in other._examples.Take(ExamplesKept - _examples.Count))
        {
            _examples.Add(e);
        }
    }
}
