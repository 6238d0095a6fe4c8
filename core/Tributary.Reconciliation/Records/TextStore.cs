namespace Tributary.Reconciliation.Records;

/// <summary>Where a text value's normalised UTF-8 bytes are: <see cref="Offset"/> ≥ 0 in the input, else at ~Offset in the arena.</summary>
internal readonly record struct TextCell(int Offset, int Length);

/// <summary>
/// The bytes the text cells of one input point into: the input itself (values already in normal form are not copied)
/// and an arena for values the reader had to change (case, spacing, quotes). Written while one reader parses; read-only
/// afterwards, so the tables of several buckets share it.
/// </summary>
internal sealed class TextStore(byte[] input)
{
    private byte[] _arena = new byte[4096];
    private int _used;

    /// <summary>The bytes of a cell.</summary>
    public ReadOnlySpan<byte> Bytes(TextCell cell) =>
        cell.Offset >= 0 ? input.AsSpan(cell.Offset, cell.Length) : _arena.AsSpan(~cell.Offset, cell.Length);

    /// <summary>A cell for bytes of the input, kept where they are.</summary>
    public static TextCell InInput(int start, int length) => new(start, length);

    /// <summary>Room for <paramref name="length"/> bytes at the end of the arena; <see cref="Commit"/> what was used.</summary>
    public Span<byte> Reserve(int length)
    {
        if (_arena.Length - _used < length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + length));
        }

        return _arena.AsSpan(_used, length);
    }

    /// <summary>Keeps <paramref name="length"/> bytes written into the last <see cref="Reserve"/>d span.</summary>
    public TextCell Commit(int length)
    {
        var cell = new TextCell(~_used, length);
        _used += length;
        return cell;
    }
}
