using System.Globalization;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// The smallest profile change under which the passes would have matched a grouping themselves: a wider tolerance on the
/// secondary key's tolerance field (pass 2) or on a split sum (pass 3), or one secondary-key field fewer. Empty when no
/// single change would do it (a reference typo, for instance: pass 1 needs equal keys).
/// </summary>
public static class WouldMatch
{
    /// <summary>The change, e.g. "amount tolerance 2.50 (secondary key)", or empty.</summary>
    public static string Describe(ReconciliationProfile profile, RecordTable left, RecordTable right, IReadOnlyList<int> leftRows,
        IReadOnlyList<int> rightRows)
    {
        return leftRows.Count == 1 && rightRows.Count == 1
            ? Pair(profile, left, leftRows[0], right, rightRows[0])
            : Split(profile, left, leftRows, right, rightRows);
    }

    private static string Pair(ReconciliationProfile profile, RecordTable left, int l, RecordTable right, int r)
    {
        if (profile.SecondaryKey is not { } secondary)
        {
            return "";
        }

        var differing = secondary.Fields.Where(f => !Same(f, left, l, right, r)).ToList();
        var toleranceOk = secondary.ToleranceField is not { } t || secondary.Tolerance.Agrees(left.Magnitude(t.Index, l), right.Magnitude(t.Index, r));
        if (differing.Count == 0 && !toleranceOk)
        {
            return Widen(secondary.ToleranceField!, secondary.Tolerance, left.Magnitude(secondary.ToleranceField!.Index, l),
                right.Magnitude(secondary.ToleranceField.Index, r), "secondary key");
        }

        // Dropping the one field that differs would do, if another field still keys the pair.
        return differing.Count == 1 && toleranceOk && secondary.Fields.Count > 1 ? $"secondary key without {differing[0].Name}" : "";
    }

    private static string Split(ReconciliationProfile profile, RecordTable left, IReadOnlyList<int> leftRows, RecordTable right,
        IReadOnlyList<int> rightRows)
    {
        if (profile.Split is not { } split)
        {
            return "";
        }

        // Pass 3 groups by the split fields: every record must share them.
        foreach (var f in split.Fields)
        {
            foreach (var l in leftRows)
            {
                foreach (var r in rightRows)
                {
                    if (!Same(f, left, l, right, r))
                    {
                        return "";
                    }
                }
            }
        }

        var changes = new List<string>();
        foreach (var f in split.Sum)
        {
            var tolerance = profile.Compare.FirstOrDefault(c => c.Field.Index == f.Index)?.Tolerance ?? Tolerance.Exact;
            var ls = leftRows.Sum(l => left.Number(f.Index, l));
            var rs = rightRows.Sum(r => right.Number(f.Index, r));
            if (!tolerance.Agrees(ls, rs))
            {
                changes.Add(Widen(f, tolerance, ls, rs, "split sums"));
            }
        }

        return string.Join(", ", changes);
    }

    private static string Widen(ProfileField field, Tolerance tolerance, decimal l, decimal r, string where)
    {
        var gap = Math.Abs(r - l);
        return tolerance.Kind switch
        {
            ToleranceKind.Relative when l != 0 => $"{field.Name} relative tolerance {(gap / Math.Abs(l)).ToString("0.######", CultureInfo.InvariantCulture)} ({where})",
            ToleranceKind.Days => $"{field.Name} tolerance {gap.ToString(CultureInfo.InvariantCulture)} days ({where})",
            _ => $"{field.Name} tolerance {gap.ToString(CultureInfo.InvariantCulture)} ({where})",
        };
    }

    private static bool Same(ProfileField f, RecordTable left, int l, RecordTable right, int r) => f.Type switch
    {
        FieldType.Text => string.Equals(left.Text(f.Index, l), right.Text(f.Index, r), StringComparison.Ordinal),
        FieldType.Number => left.Number(f.Index, l) == right.Number(f.Index, r),
        _ => left.Day(f.Index, l) == right.Day(f.Index, r),
    };
}
