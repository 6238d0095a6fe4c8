using System.Globalization;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// The one line a person reads: "reference 1 transposition apart (INV123 vs INV132); amount short by 2.50, a typical
/// fee; same payer_iban; booked 1 day later; no other candidate comes close". Right is compared with left throughout.
/// </summary>
public static class Explanation
{
    /// <summary>The explanation of a grouping's evidence; <paramref name="rivals"/> other groupings score nearly as well.</summary>
    public static string Write(SuggestionKind kind, Evidence e, int rivals)
    {
        var parts = new List<string>();
        if (kind != SuggestionKind.OneToOne)
        {
            parts.Add(kind == SuggestionKind.OneToMany ? $"{e.Parts} right records against 1 left" : $"{e.Parts} left records against 1 right");
        }

        if (Reference(e, kind) is { Length: > 0 } reference)
        {
            parts.Add(reference);
        }

        if (Amount(e, kind) is { Length: > 0 } amount)
        {
            parts.Add(amount);
        }

        foreach (var f in e.Fields)
        {
            if (Field(f, kind) is { Length: > 0 } text)
            {
                parts.Add(text);
            }
        }

        if (Dates(e) is { Length: > 0 } dates)
        {
            parts.Add(dates);
        }

        parts.Add(rivals switch
        {
            0 => "no other candidate comes close",
            1 => "1 other candidate nearly as good",
            _ => $"{rivals} other candidates nearly as good",
        });
        if (e.Capped)
        {
            parts.Add($"search capped ({e.Candidates} candidates searched)");
        }

        return string.Join("; ", parts);
    }

    private static string Reference(Evidence e, SuggestionKind kind)
    {
        var pair = $"({e.LeftReference} vs {e.RightReference})";
        var all = kind == SuggestionKind.OneToOne ? "" : "s";
        return e.Reference switch
        {
            ReferenceMatch.Equal => $"same reference{all}",
            ReferenceMatch.Transposition => $"reference 1 transposition apart {pair}",
            ReferenceMatch.OneEdit => $"reference 1 character apart {pair}",
            ReferenceMatch.Prefix => $"reference extends the other {pair}",
            ReferenceMatch.TwoEdits => $"reference 2 characters apart {pair}",
            ReferenceMatch.Blank => e.LeftReference.Length == 0 && e.RightReference.Length == 0 ? "no references"
                : e.LeftReference.Length == 0 ? "no reference on the left" : "no reference on the right",
            _ => $"references differ {pair}",
        };
    }

    private static string Amount(Evidence e, SuggestionKind kind)
    {
        if (e.Amount == AmountMatch.None)
        {
            return "";
        }

        var d = e.RightAmount - e.LeftAmount;
        var gap = Math.Abs(d).ToString(CultureInfo.InvariantCulture);
        var name = kind == SuggestionKind.OneToOne ? e.AmountField : $"{e.AmountField} sum";
        var direction = d < 0 ? "short" : "over";
        return e.Amount switch
        {
            AmountMatch.Equal => $"{name} equal",
            AmountMatch.Rounding when Math.Abs(d) <= 0.05m || e.WholeAmounts => $"{name} {direction} by {gap} (rounding)",
            AmountMatch.Rounding when d < 0 => $"{name} short by {gap}, a typical fee",
            AmountMatch.FeeLike when !e.WholeAmounts => $"{name} short by {gap}, a typical fee",
            AmountMatch.FeeLike or AmountMatch.Close => $"{name} {direction} by {gap}",
            _ => $"{name} differs by {gap} ({Percent(d, e.LeftAmount)})",
        };
    }

    private static string Percent(decimal d, decimal of) =>
        of == 0 ? "from 0" : (Math.Abs(d / of)).ToString("P0", CultureInfo.InvariantCulture);

    private static string Field(FieldEvidence f, SuggestionKind kind)
    {
        var some = kind == SuggestionKind.OneToOne ? "" : f.PartsDiffering == 1 ? " on 1 record" : $" on {f.PartsDiffering} records";
        return f.Match switch
        {
            FieldMatch.Same => $"same {f.Field}",
            FieldMatch.Near => $"{f.Field} nearly equal{some} ({f.LeftValue} vs {f.RightValue})",
            FieldMatch.Different when f.Carried => $"{f.Field} differs{some} ({f.LeftValue} vs {f.RightValue}), another record carries the line's",
            FieldMatch.Different => $"{f.Field} differs{some} ({f.LeftValue} vs {f.RightValue})",
            _ => "",
        };
    }

    private static string Dates(Evidence e)
    {
        if (e.DaysFrom is not { } from || e.DaysTo is not { } to)
        {
            return "";
        }

        if (from == to)
        {
            return from switch
            {
                0 => "booked the same day",
                1 => "booked 1 day later",
                -1 => "booked 1 day earlier",
                > 0 => $"booked {from} days later",
                _ => $"booked {-from} days earlier",
            };
        }

        return $"booked {from:+0;-0;0} to {to:+0;-0;0} days apart";
    }
}
