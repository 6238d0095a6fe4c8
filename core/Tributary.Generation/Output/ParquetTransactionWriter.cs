using System.Globalization;
using Parquet;
using Parquet.Schema;
using Tributary.Generation.Anomalies;
using Tributary.Generation.Features;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>
/// Parquet via Parquet.Net: same column names as the CSV, typed (amounts and coordinates double, flags int32,
/// features float). Rows are buffered into fixed column arrays and written as row groups of 65,536, so memory stays flat.
/// </summary>
/// <remarks>
/// No string is allocated per cell: text columns are handed to Parquet.Net as <see cref="ReadOnlyMemory{T}"/> of chars,
/// categorical values point at text built once, and ids and timestamps are formatted into one char array per column
/// and row group. A string per cell (about ten a row) cost more in allocation and garbage collection than the encoding
/// itself. The bytes written are the same as with strings: Parquet.Net encodes both the same way.
/// </remarks>
public sealed class ParquetTransactionWriter : TransactionFileWriter
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupSize = 65_536;

    private const int TextColumns = 13;
    private const int IdWidth = 13; // T + 12 digits
    private const int TimestampWidth = 25; // 2025-03-14T19:05:11+05:30
    private const int CustomerWidth = 9; // C + 8 digits
    private const int MerchantWidth = 8; // M + 7 digits
    private const int DeviceWidth = 22; // DV + up to 20 digits

    private static readonly ReadOnlyMemory<char>[] ChannelText = Text(Channels.Names);
    private static readonly ReadOnlyMemory<char>[] CategoryText = Text(MerchantCategories.All.Select(c => c.Name));
    private static readonly int[] CategoryMcc = MerchantCategories.All.Select(c => c.Mcc).ToArray();
    private static readonly ReadOnlyMemory<char>[] DeviceTypeText = Text(TransactionNames.DeviceTypes);
    private static readonly ReadOnlyMemory<char>[] CityText = Text(Cities.All.Select(c => c.Name));
    private static readonly ReadOnlyMemory<char>[] StateText = Text(Cities.All.Select(c => c.State));
    private static readonly double[] Latitude = Cities.All.Select(c => Math.Round(c.Latitude, 4)).ToArray();
    private static readonly double[] Longitude = Cities.All.Select(c => Math.Round(c.Longitude, 4)).ToArray();
    private static readonly ReadOnlyMemory<char>[] StatusText = Text(TransactionNames.Statuses);
    private static readonly ReadOnlyMemory<char>[] FraudText = Text(Enumerable.Range(0, FraudCatalog.All.Count + 1).Select(i => FraudCatalog.Label((FraudType)i)));
    private static readonly ReadOnlyMemory<char>[] AnomalyText = Text(Enumerable.Range(0, AnomalyCatalog.All.Count + 1).Select(i => AnomalyCatalog.Label((AnomalyType)i)));

    private readonly Stream _output;
    private readonly ParquetSchema _schema;
    private readonly DataField[] _fields;
    private readonly ReadOnlyMemory<char>[][] _text;
    private readonly char[] _ids = new char[RowGroupSize * IdWidth];
    private readonly char[] _timestamps = new char[RowGroupSize * TimestampWidth];
    private readonly char[] _customers = new char[RowGroupSize * CustomerWidth];
    private readonly char[] _merchants = new char[RowGroupSize * MerchantWidth];
    private readonly char[] _devices = new char[RowGroupSize * DeviceWidth];
    private readonly double[][] _real;
    private readonly int[][] _int;
    private readonly float[][] _features;
    private readonly char[] _datePrefix = new char[11];
    private int _cachedDay = int.MinValue;
    private ParquetWriter? _writer;
    private int _rows;

    public ParquetTransactionWriter(Stream output, bool features)
        : base(features)
    {
        _output = output;
        var fields = new List<DataField>();
        foreach (var column in TransactionSchema.BaseColumns)
        {
            fields.Add(column.Name switch
            {
                "amount_inr" or "latitude" or "longitude" => new DataField<double>(column.Name, false),
                "mcc" or "is_fraud" or "is_anomaly" => new DataField<int>(column.Name, false),
                _ => new DataField<string>(column.Name, false),
            });
        }

        if (features)
        {
            fields.AddRange(FeatureCatalog.All.Select(f => new DataField<float>(f.Name, false)));
        }

        _fields = fields.ToArray();
        _schema = new ParquetSchema(_fields);
        _text = Enumerable.Range(0, TextColumns).Select(_ => new ReadOnlyMemory<char>[RowGroupSize]).ToArray();
        _real = Enumerable.Range(0, 3).Select(_ => new double[RowGroupSize]).ToArray();
        _int = Enumerable.Range(0, 3).Select(_ => new int[RowGroupSize]).ToArray();
        _features = features ? Enumerable.Range(0, FeatureCatalog.Count).Select(_ => new float[RowGroupSize]).ToArray() : [];
    }

    /// <inheritdoc />
    public override bool WriteRow(in Transaction tx, ReadOnlySpan<float> features)
    {
        var r = _rows;
        _text[0][r] = Prefixed(_ids, IdWidth, r, 'T', (ulong)tx.Id, 12);
        _text[1][r] = Timestamp(r, tx.UnixSeconds);
        _text[2][r] = Prefixed(_customers, CustomerWidth, r, 'C', (ulong)tx.Customer, 8);
        _text[3][r] = Prefixed(_merchants, MerchantWidth, r, 'M', (ulong)tx.Merchant, 7);
        _real[0][r] = tx.AmountPaise / 100.0;
        _text[4][r] = ChannelText[(int)tx.Channel];
        _text[5][r] = CategoryText[tx.Category];
        _int[0][r] = CategoryMcc[tx.Category];
        _text[6][r] = Device(r, tx.Device);
        _text[7][r] = DeviceTypeText[(int)tx.DeviceType];
        _text[8][r] = CityText[tx.City];
        _text[9][r] = StateText[tx.City];
        _real[1][r] = Latitude[tx.City];
        _real[2][r] = Longitude[tx.City];
        _text[10][r] = StatusText[(int)tx.Status];
        _int[1][r] = tx.Fraud == FraudType.None ? 0 : 1;
        _text[11][r] = FraudText[(int)tx.Fraud];
        _int[2][r] = tx.Anomaly == AnomalyType.None ? 0 : 1;
        _text[12][r] = AnomalyText[(int)tx.Anomaly];
        for (var i = 0; i < _features.Length; i++)
        {
            // Same 4-decimal rounding as the text formats, so a model sees identical values whatever the format.
            _features[i][r] = (float)(Math.Round(features[i] * 10_000.0) / 10_000.0);
        }

        _rows++;
        return _rows == RowGroupSize;
    }

    /// <inheritdoc />
    public override async Task FlushAsync(CancellationToken cancel = default)
    {
        if (_rows == 0)
        {
            return;
        }

        _writer ??= await ParquetWriter.CreateAsync(_schema, _output, cancellationToken: cancel).ConfigureAwait(false);
        using var group = _writer.CreateRowGroup();
        int text = 0, real = 0, integer = 0;
        for (var i = 0; i < TransactionSchema.BaseColumns.Count; i++)
        {
            var field = _fields[i];
            if (field.ClrType == typeof(double))
            {
                await group.WriteAsync(field, new ReadOnlyMemory<double>(_real[real++], 0, _rows), cancellationToken: cancel).ConfigureAwait(false);
            }
            else if (field.ClrType == typeof(int))
            {
                await group.WriteAsync(field, new ReadOnlyMemory<int>(_int[integer++], 0, _rows), cancellationToken: cancel).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync(field, new ReadOnlyMemory<ReadOnlyMemory<char>>(_text[text++], 0, _rows), cancellationToken: cancel)
                    .ConfigureAwait(false);
            }
        }

        for (var i = 0; i < _features.Length; i++)
        {
            await group.WriteAsync(_fields[TransactionSchema.BaseColumns.Count + i], new ReadOnlyMemory<float>(_features[i], 0, _rows), cancellationToken: cancel)
                .ConfigureAwait(false);
        }

        _rows = 0;
    }

    /// <inheritdoc />
    public override async Task CompleteAsync(CancellationToken cancel = default)
    {
        await FlushAsync(cancel).ConfigureAwait(false);
        _writer ??= await ParquetWriter.CreateAsync(_schema, _output, cancellationToken: cancel).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    // prefix + value zero-padded to digits, in row r's slot of a fixed-width arena.
    private static ReadOnlyMemory<char> Prefixed(char[] arena, int width, int r, char prefix, ulong value, int digits)
    {
        var slot = arena.AsSpan(r * width, width);
        slot[0] = prefix;
        var length = 1 + Digits(slot[1..], value, digits);
        return new ReadOnlyMemory<char>(arena, r * width, length);
    }

    private ReadOnlyMemory<char> Device(int r, long device)
    {
        var slot = _devices.AsSpan(r * DeviceWidth, DeviceWidth);
        slot[0] = 'D';
        slot[1] = 'V';
        var length = 2 + Digits(slot[2..], (ulong)device, 1);
        return new ReadOnlyMemory<char>(_devices, r * DeviceWidth, length);
    }

    // ISO 8601 in IST, as the text formats write it (yyyy-MM-dd'T'HH:mm:ss+05:30).
    private ReadOnlyMemory<char> Timestamp(int r, long unixSeconds)
    {
        var local = unixSeconds + MarketCalendar.IstOffsetSeconds;
        var day = (int)Math.Floor(local / 86_400.0);
        if (day != _cachedDay)
        {
            // Rows come in time order, so the date text changes once a day at most.
            var date = DateOnly.FromDayNumber(new DateOnly(1970, 1, 1).DayNumber + day);
            date.TryFormat(_datePrefix, out _, "yyyy-MM-dd'T'", CultureInfo.InvariantCulture);
            _cachedDay = day;
        }

        var second = (int)(local - (day * 86_400L));
        var slot = _timestamps.AsSpan(r * TimestampWidth, TimestampWidth);
        _datePrefix.CopyTo(slot);
        Digits(slot.Slice(11, 2), (ulong)(second / 3600), 2);
        slot[13] = ':';
        Digits(slot.Slice(14, 2), (ulong)(second / 60 % 60), 2);
        slot[16] = ':';
        Digits(slot.Slice(17, 2), (ulong)(second % 60), 2);
        "+05:30".CopyTo(slot[19..]);
        return new ReadOnlyMemory<char>(_timestamps, r * TimestampWidth, TimestampWidth);
    }

    // A non-negative integer zero-padded to at least `digits` digits; returns the length written.
    private static int Digits(Span<char> to, ulong value, int digits)
    {
        var length = Math.Max(digits, CountDigits(value));
        for (var i = length - 1; i >= 0; i--)
        {
            var q = value / 10;
            to[i] = (char)('0' + (value - (q * 10)));
            value = q;
        }

        return length;
    }

    private static int CountDigits(ulong value)
    {
        var n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }

    private static ReadOnlyMemory<char>[] Text(IEnumerable<string> values) => values.Select(v => v.AsMemory()).ToArray();
}
