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
public sealed class ParquetTransactionWriter : TransactionFileWriter
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupSize = 65_536;

    private static readonly TimeSpan Ist = TimeSpan.FromSeconds(MarketCalendar.IstOffsetSeconds);

    private readonly Stream _output;
    private readonly ParquetSchema _schema;
    private readonly DataField[] _fields;
    private readonly string[][] _text;
    private readonly double[][] _real;
    private readonly int[][] _int;
    private readonly float[][] _features;
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
        _text = Enumerable.Range(0, 13).Select(_ => new string[RowGroupSize]).ToArray();
        _real = Enumerable.Range(0, 3).Select(_ => new double[RowGroupSize]).ToArray();
        _int = Enumerable.Range(0, 3).Select(_ => new int[RowGroupSize]).ToArray();
        _features = features ? Enumerable.Range(0, FeatureCatalog.Count).Select(_ => new float[RowGroupSize]).ToArray() : [];
    }

    /// <inheritdoc />
    public override bool WriteRow(in Transaction tx, ReadOnlySpan<float> features)
    {
        var r = _rows;
        var city = Cities.All[tx.City];
        _text[0][r] = "T" + tx.Id.ToString("D12", CultureInfo.InvariantCulture);
        _text[1][r] = DateTimeOffset.FromUnixTimeSeconds(tx.UnixSeconds).ToOffset(Ist)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        _text[2][r] = "C" + tx.Customer.ToString("D8", CultureInfo.InvariantCulture);
        _text[3][r] = "M" + tx.Merchant.ToString("D7", CultureInfo.InvariantCulture);
        _real[0][r] = tx.AmountPaise / 100.0;
        _text[4][r] = Channels.Names[(int)tx.Channel];
        _text[5][r] = MerchantCategories.All[tx.Category].Name;
        _int[0][r] = MerchantCategories.All[tx.Category].Mcc;
        _text[6][r] = "DV" + tx.Device.ToString(CultureInfo.InvariantCulture);
        _text[7][r] = TransactionNames.DeviceTypes[(int)tx.DeviceType];
        _text[8][r] = city.Name;
        _text[9][r] = city.State;
        _real[1][r] = Math.Round(city.Latitude, 4);
        _real[2][r] = Math.Round(city.Longitude, 4);
        _text[10][r] = TransactionNames.Statuses[(int)tx.Status];
        _int[1][r] = tx.Fraud == FraudType.None ? 0 : 1;
        _text[11][r] = FraudCatalog.Label(tx.Fraud);
        _int[2][r] = tx.Anomaly == AnomalyType.None ? 0 : 1;
        _text[12][r] = AnomalyCatalog.Label(tx.Anomaly);
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
                await group.WriteAsync(field, new ArraySegment<string>(_text[text++], 0, _rows)).ConfigureAwait(false);
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
}
