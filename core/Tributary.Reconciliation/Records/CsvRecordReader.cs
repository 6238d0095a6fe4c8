using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Records;

/// <summary>
/// Reads one side's CSV (RFC 4180: comma separated, optional quotes with "" escapes, LF or CRLF) into a
/// <see cref="RecordTable"/>, using the column names the profile gives for that side.
/// </summary>
/// <remarks>
/// Hand-written parser over the UTF-8 bytes, in the style of dotnet/runtime's hot loops: the separators of 64 bytes at
/// a time are found with one vector compare per kind (<see cref="SeparatorScanner"/>), plain decimals parse with integer
/// arithmetic (<see cref="DecimalText"/>, falling back to Utf8Parser for exponents and long mantissas), and text already
/// in normal form stays where it is in the input (a <see cref="TextCell"/> range), so a row allocates nothing. Only
/// text that normalisation changes (case, spacing, quotes, non-ASCII) is decoded, normalised and copied to an arena.
/// It also yields each row's raw byte range, which the planner copies into bucket files unchanged.
/// Hot methods skip tiered JIT (AggressiveOptimization) because a CLI run parses each file once, mostly in tier-0 code otherwise.
/// </remarks>
public static class CsvRecordReader
{
    /// <summary>Largest input accepted per side (the whole file is held in memory while parsing).</summary>
    public const long MaxInputBytes = 2_000_000_000;

    /// <summary>Largest field accepted, in bytes; a longer one is almost certainly a broken quote.</summary>
    public const int MaxFieldBytes = 4096;

    /// <summary>Errors collected before the reader gives up on a file.</summary>
    public const int MaxErrors = 50;

    // C0 controls but tab, CR and LF (whitespace a quoted field may hold), DEL and the C1 controls.
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\r' or '\n')).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray());

    /// <summary>Reads a CSV file; errors name this path.</summary>
    public static RecordTable ReadFile(string path, ReconciliationProfile profile, RecordSide side)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException("input file not found", path);
        }

        if (info.Length > MaxInputBytes)
        {
            throw new InvalidInputException(new InputError(path, 0, null, $"file larger than {MaxInputBytes} bytes"));
        }

        return RequireRows(Read(ReadAllBytes(path, info.Length), profile, side, path, rowRanges: false).Table, path);
    }

    /// <summary>
    /// The table of a whole input file, refused when it has no data rows (its header alone), as the HPI reader refuses one:
    /// read as is, every record of the other side would be reported as an unmatched break. (A bucket file of a partitioned
    /// run may rightly be empty, so only whole files are checked.)
    /// </summary>
    public static RecordTable RequireRows(RecordTable table, string source)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Count > 0 ? table : throw new InvalidInputException(new InputError(source, 2, null, "no data rows: the file has only its header"));
    }

    /// <summary>Reads a CSV stream to its end; errors name <paramref name="source"/>.</summary>
    public static RecordTable Read(Stream stream, ReconciliationProfile profile, RecordSide side, string source) =>
        Read(ReadAll(stream, source), profile, side, source, rowRanges: false).Table;

    // The file in one array that is not zeroed first (the read overwrites it all).
    private static byte[] ReadAllBytes(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var data = GC.AllocateUninitializedArray<byte>((int)length);
        var read = 0;
        while (read < data.Length)
        {
            var n = RandomAccess.Read(handle, data.AsSpan(read), read);
            if (n == 0)
            {
                return data[..read]; // the file shrank while being read
            }

            read += n;
        }

        return data;
    }

    internal static byte[] ReadAll(Stream stream, string source)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxInputBytes)
            {
                throw new InvalidInputException(new InputError(source, 0, null, $"input larger than {MaxInputBytes} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parsed records plus where each row's raw bytes are (the planner copies rows into bucket files; empty unless asked for).</summary>
    internal readonly record struct ParsedInput(RecordTable Table, int HeaderLength, int[] RowStart, int[] RowEnd);

    internal static ParsedInput Read(byte[] data, ReconciliationProfile profile, RecordSide side, string source, bool rowRanges = true)
    {
        var parser = new Parser(data, null, profile, side, source, rowRanges);
        return parser.Run();
    }

    /// <summary>
    /// Reads an input while it is still arriving (a download into its one array), as <see cref="Read(Stream, ReconciliationProfile, RecordSide, string)"/>
    /// would read it whole: the same records, numbers and errors. Blocks the calling thread while it waits for bytes, and
    /// throws <see cref="InputNotArrivedException"/> if the download fails first.
    /// </summary>
    public static RecordTable Read(ArrivingBytes input, ReconciliationProfile profile, RecordSide side, string source)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new Parser(input.Data, input, profile, side, source, rowRanges: false).Run().Table;
    }

    private sealed class Parser
    {
        private readonly byte[] _data;
        private readonly ReconciliationProfile _profile;
        private readonly RecordSide _side;
        private readonly string _source;
        private readonly List<InputError> _errors = [];
        private readonly int[] _fieldStart = new int[256];
        private readonly int[] _fieldEnd = new int[256];
        private readonly TextStore _store;
        private SeparatorScanner _scanner;
        private byte[] _scratch = new byte[1024];
        private readonly char[] _chars = new char[MaxFieldBytes];
        private readonly char[] _normal = new char[MaxFieldBytes];
        private int _fieldCount;
        private bool _inScratch;
        private LastDate[] _lastDates = [];

        // The ten bytes of the last date parsed for a field and its day number (Day 0 = none yet; day 0 is 0001-01-01).
        private readonly record struct LastDate(ulong Head, ushort Tail, int Day);

        private readonly bool _rowRanges;

        // The input still arriving (null: all there) and how much of it has, for the rare paths that read past the scanner.
        private readonly ArrivingBytes? _arriving;
        private int _ready;

        public Parser(byte[] data, ArrivingBytes? arriving, ReconciliationProfile profile, RecordSide side, string source, bool rowRanges)
        {
            _rowRanges = rowRanges;
            _data = data;
            _arriving = arriving;
            _ready = arriving is null ? data.Length : 0;
            _profile = profile;
            _side = side;
            _source = source;
            _store = new TextStore(data);
            _scanner = new SeparatorScanner(data, arriving);
        }

        // Waits until the first end bytes (at most all) have arrived.
        private void Need(int end)
        {
            if (end > _ready && _ready < _data.Length)
            {
                _ready = _arriving!.WaitFor(end);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public ParsedInput Run()
        {
            Need(3);
            var pos = _data.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            long line = 1;
            if (!NextRow(ref pos, out var headerLines))
            {
                throw new InvalidInputException(new InputError(_source, 1, null, "the file is empty: a header row is expected"));
            }

            var headerLength = pos;
            var columns = MapColumns();
            line += headerLines;

            var estimate = (int)Math.Min(int.MaxValue / 2, Math.Max(16, _data.Length / 64));
            var table = new RecordTable(_profile, _side, _source, estimate, _store);
            var rowStart = _rowRanges ? new int[estimate] : [];
            var rowEnd = _rowRanges ? new int[estimate] : [];
            var expected = _fieldCount;
            // The fields this side has, with their columns, as arrays: the row loop touches nothing else.
            var fields = _profile.Fields.Where(f => columns[f.Index] >= 0).ToArray();
            var fieldColumns = fields.Select(f => columns[f.Index]).ToArray();
            _lastDates = new LastDate[_profile.Fields.Count];

            while (pos < _data.Length && _errors.Count < MaxErrors)
            {
                var start = pos;
                var rowLine = line;
                if (!NextRow(ref pos, out var consumed))
                {
                    break;
                }

                line += consumed;
                if (_fieldCount == 1 && _fieldEnd[0] == _fieldStart[0])
                {
                    continue; // blank line: not a record
                }

                if (_fieldCount != expected)
                {
                    _errors.Add(new InputError(_source, rowLine, null, $"expected {expected} fields, found {_fieldCount}"));
                    continue;
                }

                var row = table.AddRow(rowLine);
                if (_rowRanges)
                {
                    if (row == rowStart.Length)
                    {
                        Array.Resize(ref rowStart, rowStart.Length * 2);
                        Array.Resize(ref rowEnd, rowEnd.Length * 2);
                    }

                    rowStart[row] = start;
                    rowEnd[row] = pos;
                }
                var ok = true;
                for (var i = 0; i < fields.Length; i++)
                {
                    ok &= ParseField(table, fields[i], row, fieldColumns[i], rowLine);
                }

                if (!ok)
                {
                    table.RemoveLast();
                }
            }

            if (_errors.Count > 0)
            {
                throw new InvalidInputException(_errors);
            }

            return new ParsedInput(table, headerLength, rowStart, rowEnd);
        }

        private int[] MapColumns()
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _fieldCount; i++)
            {
                names.TryAdd(Encoding.UTF8.GetString(Field(i)).Trim(), i);
            }

            var columns = new int[_profile.Fields.Count];
            foreach (var field in _profile.Fields)
            {
                columns[field.Index] = -1;
                if (field.Column(_side) is not { } name)
                {
                    continue;
                }

                if (names.TryGetValue(name, out var index))
                {
                    columns[field.Index] = index;
                }
                else
                {
                    _errors.Add(new InputError(_source, 1, name,
                        $"missing column (profile '{_profile.Name}' reads field '{field.Name}' from it on the {_side.ToString().ToLowerInvariant()} side)"));
                }
            }

            if (_errors.Count > 0)
            {
                throw new InvalidInputException(_errors);
            }

            return columns;
        }

        private ReadOnlySpan<byte> Field(int i) =>
            (_inScratch ? _scratch : _data).AsSpan(_fieldStart[i], _fieldEnd[i] - _fieldStart[i]);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private bool ParseField(RecordTable table, ProfileField field, int row, int column, long line)
        {
            var raw = Field(column);
            if (raw.Length > MaxFieldBytes)
            {
                return Fail(line, field.Column(_side)!, $"value longer than {MaxFieldBytes} bytes");
            }

            switch (field.Type)
            {
                case FieldType.Text:
                    if (Text(raw, _inScratch ? -1 : _fieldStart[column], out var text, out var problem))
                    {
                        table.SetText(field.Index, row, text);
                        return true;
                    }

                    return Fail(line, field.Column(_side)!, problem);
                case FieldType.Number:
                {
                    var s = TrimBlanks(raw);
                    if (DecimalText.TryParse(s, out var value))
                    {
                        table.SetNumber(field.Index, row, value);
                        return true;
                    }

                    return Fail(line, field.Column(_side)!, s.Length == 0 ? "a number is required" : $"'{Show(s)}' is not a number");
                }

                default:
                {
                    var s = TrimBlanks(raw);
                    // Dates repeat from row to row (a file holds a few trade and settlement days): reuse the last one.
                    ref var last = ref _lastDates[field.Index];
                    if (s.Length == 10 && last.Day != 0 && BitConverter.ToUInt64(s) == last.Head && BitConverter.ToUInt16(s[8..]) == last.Tail)
                    {
                        table.SetDay(field.Index, row, last.Day);
                        return true;
                    }

                    if (TryParseDate(s, out var day))
                    {
                        last = new LastDate(BitConverter.ToUInt64(s), BitConverter.ToUInt16(s[8..]), day);
                        table.SetDay(field.Index, row, day);
                        return true;
                    }

                    return Fail(line, field.Column(_side)!, s.Length == 0 ? "a date is required (yyyy-MM-dd)" : $"'{Show(s)}' is not a date (yyyy-MM-dd)");
                }
            }
        }

        // A value already in normal form stays in the input (start ≥ 0); anything else, or a value unescaped from a quoted
        // row (start < 0), is checked and normalised into the arena. False, with the problem, for text that is not UTF-8
        // or holds control characters (the fast path's test sends every such byte here, so the check costs the common case nothing).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private bool Text(ReadOnlySpan<byte> raw, int start, out TextCell text, out string problem)
        {
            problem = "";
            if (IsNormalAscii(raw))
            {
                if (start >= 0)
                {
                    text = TextStore.InInput(start, raw.Length);
                    return true;
                }

                raw.CopyTo(_store.Reserve(raw.Length));
                text = _store.Commit(raw.Length);
                return true;
            }

            if (!raw.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
            {
                // Printable ASCII with lower case or spacing to fix (a lower-case currency or side in every row): the same
                // rules as KeyNormalizer, byte by byte, since here the only whitespace is the space.
                text = _store.Commit(NormalizeAscii(raw, _store.Reserve(raw.Length)));
                return true;
            }

            // Non-ASCII or control bytes: checked, then the general rules of KeyNormalizer, on chars.
            // Bytes that are not UTF-8, or control characters, would become keys such as `AC\uFFFD009` that match nothing.
            text = default;
            if (System.Text.Unicode.Utf8.ToUtf16(raw, _chars, out var read, out var count, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                problem = $"byte 0x{raw[read]:X2} at position {read + 1} is not UTF-8 text; save the file as UTF-8";
                return false;
            }

            if (_chars.AsSpan(0, count).IndexOfAny(ControlCharacters) is var bad and >= 0)
            {
                problem = $"control character U+{(int)_chars[bad]:X4} at position {bad + 1} is not allowed in text";
                return false;
            }

            var normal = _normal.AsSpan(0, KeyNormalizer.Normalize(_chars.AsSpan(0, count), _normal));
            var written = Encoding.UTF8.GetBytes(normal, _store.Reserve(Encoding.UTF8.GetMaxByteCount(normal.Length)));
            text = _store.Commit(written);
            return true;
        }

        private static int NormalizeAscii(ReadOnlySpan<byte> raw, Span<byte> into)
        {
            var length = 0;
            var pendingSpace = false;
            foreach (var b in raw)
            {
                if (b == ' ')
                {
                    pendingSpace = length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    into[length++] = (byte)' ';
                    pendingSpace = false;
                }

                into[length++] = (uint)(b - 'a') <= 'z' - 'a' ? (byte)(b - 32) : b;
            }

            return length;
        }

        // True when normalisation would not change the bytes and there is nothing to refuse: printable ASCII (no
        // control character, not DEL) without lower-case letters, no space at either end and no two spaces in a row.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static bool IsNormalAscii(ReadOnlySpan<byte> raw)
        {
            var previousSpace = true;
            foreach (var b in raw)
            {
                var space = b == ' ';
                if (b >= 0x7F || b < 0x20 || (uint)(b - 'a') <= 'z' - 'a' || (space && previousSpace))
                {
                    return false;
                }

                previousSpace = space;
            }

            return !previousSpace || raw.Length == 0;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static bool TryParseDate(ReadOnlySpan<byte> s, out int day)
        {
            day = 0;
            if (s.Length != 10 || s[4] != '-' || s[7] != '-')
            {
                return false;
            }

            if (!Digits(s[..4], out var y) || !Digits(s.Slice(5, 2), out var m) || !Digits(s.Slice(8, 2), out var d))
            {
                return false;
            }

            if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
            {
                return false;
            }

            day = new DateOnly(y, m, d).DayNumber;
            return true;
        }

        private static bool Digits(ReadOnlySpan<byte> s, out int value)
        {
            value = 0;
            foreach (var b in s)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                value = value * 10 + (b - '0');
            }

            return true;
        }

        // Spaces and tabs around a number or date (a hand loop: Trim's set search costs more for these short fields).
        private static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> s)
        {
            var start = 0;
            var end = s.Length;
            while (start < end && s[start] is (byte)' ' or (byte)'\t')
            {
                start++;
            }

            while (end > start && s[end - 1] is (byte)' ' or (byte)'\t')
            {
                end--;
            }

            return s[start..end];
        }

        private static string Show(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s.Length > 40 ? s[..40] : s);

        private bool Fail(long line, string column, string problem)
        {
            if (_errors.Count < MaxErrors)
            {
                _errors.Add(new InputError(_source, line, column, problem));
            }

            return false;
        }

        /// <summary>Splits the row at <paramref name="pos"/> into fields and moves past it; false at end of data.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private bool NextRow(ref int pos, out int extraLines)
        {
            extraLines = 1;
            if (pos >= _data.Length)
            {
                return false;
            }

            _inScratch = false;
            _fieldCount = 0;
            var fieldStart = pos;
            while (true)
            {
                var at = _scanner.Next(fieldStart);
                var b = at < _data.Length ? _data[at] : (byte)'\n';
                if (b == ',')
                {
                    if (_fieldCount < _fieldStart.Length)
                    {
                        _fieldStart[_fieldCount] = fieldStart;
                        _fieldEnd[_fieldCount++] = at;
                    }

                    fieldStart = at + 1;
                    continue;
                }

                if (b == '"')
                {
                    return QuotedRow(ref pos, out extraLines); // rare: the whole row again, the careful way
                }

                // End of the line (or of the data): a '\r' before it belongs to the line break.
                var end = at > fieldStart && _data[at - 1] == '\r' ? at - 1 : at;
                if (_fieldCount < _fieldStart.Length)
                {
                    _fieldStart[_fieldCount] = fieldStart;
                    _fieldEnd[_fieldCount++] = end;
                }

                pos = at < _data.Length ? at + 1 : _data.Length;
                return true;
            }
        }

        // Rare path: a row with quotes. Fields are unescaped into the scratch buffer; quoted newlines extend the row.
        private bool QuotedRow(ref int pos, out int lines)
        {
            lines = 1;
            _inScratch = true;
            _fieldCount = 0;
            var length = 0;
            var i = pos;
            var fieldStart = 0;
            var quoted = false;
            var atFieldStart = true;
            while (i < _data.Length)
            {
                Need(i + 2); // this byte and the next (an escaped quote's)
                var b = _data[i];
                if (quoted)
                {
                    if (b == '"')
                    {
                        if (i + 1 < _data.Length && _data[i + 1] == '"')
                        {
                            Put(ref length, (byte)'"');
                            i += 2;
                            continue;
                        }

                        quoted = false;
                        i++;
                        continue;
                    }

                    if (b == '\n')
                    {
                        lines++;
                    }

                    Put(ref length, b);
                    i++;
                    continue;
                }

                if (b == '"' && atFieldStart)
                {
                    quoted = true;
                    atFieldStart = false;
                    i++;
                    continue;
                }

                if (b == ',' || b == '\n')
                {
                    var end = length;
                    if (b == '\n' && end > fieldStart && _scratch[end - 1] == '\r')
                    {
                        end--;
                    }

                    if (_fieldCount < _fieldStart.Length)
                    {
                        _fieldStart[_fieldCount] = fieldStart;
                        _fieldEnd[_fieldCount++] = end;
                    }

                    fieldStart = length;
                    atFieldStart = true;
                    i++;
                    if (b == '\n')
                    {
                        pos = i;
                        return true;
                    }

                    continue;
                }

                atFieldStart = false;
                Put(ref length, b);
                i++;
            }

            if (_fieldCount < _fieldStart.Length)
            {
                var last = length > fieldStart && _scratch[length - 1] == '\r' ? length - 1 : length;
                _fieldStart[_fieldCount] = fieldStart;
                _fieldEnd[_fieldCount++] = last;
            }

            pos = i;
            return true;
        }

        private void Put(ref int length, byte b)
        {
            if (length == _scratch.Length)
            {
                Array.Resize(ref _scratch, _scratch.Length * 2);
            }

            _scratch[length++] = b;
        }
    }
}
