using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>The checks of one transaction row, on its five UTF-8 fields, shared by every reader (CSV fast path, CSV quoted
/// fallback, Parquet) so that a row is accepted or rejected with the same reason and message whichever reader found it.</summary>
internal sealed class TransactionRowRules(string file, TractCatalog tracts)
{
    /// <summary>Field indices in <see cref="TransactionReader.Columns"/> order.</summary>
    public const int Id = 0, Date = 1, Price = 2, Tract = 3, Cbsa = 4;

    /// <summary>Checks a row; on success appends it to <paramref name="chunk"/>, otherwise records the reject there.</summary>
    public void Accept(ReadOnlySpan<byte> id, ReadOnlySpan<byte> date, ReadOnlySpan<byte> price, ReadOnlySpan<byte> tract,
        ReadOnlySpan<byte> cbsa, long line, TransactionChunk chunk)
    {
        if (id.IsEmpty || date.IsEmpty || price.IsEmpty || tract.IsEmpty || cbsa.IsEmpty)
        {
            var missing = id.IsEmpty ? Id : date.IsEmpty ? Date : price.IsEmpty ? Price : tract.IsEmpty ? Tract : Cbsa;
            chunk.Reject(RejectReason.MissingField, Error(line, missing, "empty"));
            return;
        }

        if (id.Length > TransactionReader.MaxCodeLength || tract.Length > TransactionReader.MaxCodeLength || cbsa.Length > TransactionReader.MaxCodeLength)
        {
            var column = id.Length > TransactionReader.MaxCodeLength ? Id : tract.Length > TransactionReader.MaxCodeLength ? Tract : Cbsa;
            chunk.Reject(RejectReason.OutOfRange, Error(line, column, $"longer than {TransactionReader.MaxCodeLength} characters"));
            return;
        }

        if (!TransactionReader.TryParseDate(date, out var day))
        {
            chunk.Reject(RejectReason.BadDate, Error(line, Date, $"'{Text(date)}' is not a date yyyy-MM-dd in 1900–2100"));
            return;
        }

        if (!TryParsePrice(price, out var value))
        {
            chunk.Reject(RejectReason.BadPrice, Error(line, Price, $"'{Text(price)}' is not a number"));
            return;
        }

        if (value <= 0)
        {
            chunk.Reject(RejectReason.NonPositivePrice, Error(line, Price, $"price {Text(price)} is not positive"));
            return;
        }

        if (value > TransactionReader.MaxPrice)
        {
            chunk.Reject(RejectReason.OutOfRange, Error(line, Price, $"price {Text(price)} exceeds {TransactionReader.MaxPrice:0}"));
            return;
        }

        Span<char> tractChars = stackalloc char[TransactionReader.MaxCodeLength];
        Span<char> cbsaChars = stackalloc char[TransactionReader.MaxCodeLength];
        var tractCode = tractChars[..Encoding.UTF8.GetChars(tract, tractChars)];
        var cbsaCode = cbsaChars[..Encoding.UTF8.GetChars(cbsa, cbsaChars)];
        var index = tracts.IndexOf(tractCode);
        if (index < 0)
        {
            if (tracts.IsDeclared)
            {
                chunk.Reject(RejectReason.UnknownTract, Error(line, Tract, $"tract '{tractCode}' is not in the tracts file"));
                return;
            }

            // Inferred catalogs (quality without tracts.csv) grow here; the parser runs one chunk at a time for them.
            index = tracts.Count;
            tracts.TryAdd(new TractInfo(tractCode.ToString(), cbsaCode.ToString(), double.NaN, double.NaN, 0, 0, 0, 0, 0));
        }

        var declared = tracts.Tracts[index].CbsaCode;
        if (!cbsaCode.SequenceEqual(declared))
        {
            chunk.Reject(RejectReason.CbsaMismatch, Error(line, Cbsa, $"CBSA '{cbsaCode}' differs from tract {tractCode}'s CBSA '{declared}'"));
            return;
        }

        chunk.Add(id, day, value, index, line);
    }

    /// <summary>Parses a price. Plain integers of up to 15 digits (the usual case) are converted directly, which gives the
    /// same double as the general parser because such integers are exact in a double; anything else goes to that parser.</summary>
    private static bool TryParsePrice(ReadOnlySpan<byte> text, out double value)
    {
        if (text.Length <= 15)
        {
            long whole = 0;
            var digits = true;
            foreach (var b in text)
            {
                var d = b - (byte)'0';
                if ((uint)d > 9)
                {
                    digits = false;
                    break;
                }

                whole = whole * 10 + d;
            }

            if (digits)
            {
                value = whole;
                return true;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private InputError Error(long line, int column, string problem) => new(file, line, TransactionReader.Columns[column], problem);

    private static string Text(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field);
}
