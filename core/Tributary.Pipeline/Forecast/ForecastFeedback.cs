using System.Globalization;
using System.Text.Json;
using Tributary.Forecast.Feedback;
using Tributary.Forecast.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Results;

namespace Tributary.Pipeline.Forecast;

/// <summary>
/// `POST /api/forecast/{runId}/feedback`: what vendors actually brought and sold, joined with the run's recommendations. Each
/// matched day is stored (a day reported again replaces the earlier record), and the answer holds its variance and the KPIs
/// of every feedback on the run so far (the engine's <see cref="AccuracyKpis"/>). Shared by `tributary serve` and the Functions app.
/// </summary>
public sealed class ForecastFeedback(IDocumentStore documents, TimeProvider time)
{
    /// <summary>The most actual days one request may report; larger batches are split by the client.</summary>
    public const int MaxActuals = 5000;

    /// <summary>The longest market, vendor or product name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The largest unit count accepted (as sales.csv).</summary>
    public const int MaxUnits = 10_000_000;

    /// <summary>Parses, validates and records one batch; the outcome names the first bad field (`actuals[3].unitsSold`).</summary>
    public async Task<RequestOutcome<FeedbackResult>> RecordAsync(string runId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(runId) is { } malformed)
        {
            return RequestOutcome<FeedbackResult>.Invalid("runId", malformed);
        }

        FeedbackBody? parsed;
        try
        {
            parsed = body.IsEmpty ? null : JsonSerializer.Deserialize<FeedbackBody>(body.Span, DurableJson.Options);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
            return RequestOutcome<FeedbackResult>.Invalid(field, Workloads.JsonErrors.Describe(e, typeof(FeedbackBody)));
        }

        if (parsed?.Actuals is not { } actuals || actuals.Count == 0)
        {
            return RequestOutcome<FeedbackResult>.Invalid("actuals", "a list of {date, market, vendor, product, unitsSold, unitsBrought?} is required");
        }

        if (actuals.Count > MaxActuals)
        {
            return RequestOutcome<FeedbackResult>.Invalid("actuals", $"{actuals.Count} days; at most {MaxActuals} per request");
        }

        var days = new List<(DateOnly Date, ActualDay Day)>(actuals.Count);
        var seen = new Dictionary<(DateOnly, string, string, string), int>();
        for (var i = 0; i < actuals.Count; i++)
        {
            if (Check(actuals[i], $"actuals[{i}]", out var date) is { } problem)
            {
                return RequestOutcome<FeedbackResult>.Invalid(problem.Field, problem.Problem);
            }

            var day = actuals[i]!;
            if (!seen.TryAdd((date, day.Market!, day.Vendor!, day.Product!), i))
            {
                return RequestOutcome<FeedbackResult>.Invalid($"actuals[{i}]", $"the same day, market, vendor and product as actuals[{seen[(date, day.Market!, day.Vendor!, day.Product!)]}]");
            }

            days.Add((date, day));
        }

        var any = await documents.QueryAsync<JsonElement>(ResultContainers.ForecastRecommendations, runId,
            new Dictionary<string, string> { ["docType"] = ForecastDocuments.Recommendation }, 1, null, cancellationToken).ConfigureAwait(false);
        if (any.Items.Count == 0)
        {
            return RequestOutcome<FeedbackResult>.Missing($"recommendations of forecast run {runId}");
        }

        var recorded = new ForecastFeedbackDocument?[days.Count];
        var now = time.GetUtcNow();
        await Parallel.ForEachAsync(Enumerable.Range(0, days.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, cancel) =>
        {
            var (date, day) = days[i];
            var recommendation = await documents.ReadAsync<ForecastRecommendationDocument>(ResultContainers.ForecastRecommendations, runId,
                ForecastDocuments.Id(ForecastDocuments.Recommendation, date, day.Market!, day.Vendor!, day.Product!), cancel).ConfigureAwait(false);
            if (recommendation?.Document is not { } r)
            {
                return; // counted as unmatched, as the CLI's feedback verb does: nothing to compare with
            }

            var variance = new Variance(new SeriesKey(r.Market, r.Vendor, r.Product), date, r.ModelVersion, r.RecommendedUnits, r.MedianUnits, day.UnitsBrought, day.UnitsSold!.Value);
            var document = new ForecastFeedbackDocument(ForecastDocuments.Id(ForecastDocuments.Feedback, date, r.Market, r.Vendor, r.Product), runId, ForecastDocuments.Feedback,
                r.Date, r.Market, r.Vendor, r.Product, r.ModelVersion, r.RecommendedUnits, r.MedianUnits, variance.UnitsBrought, variance.UnitsSold, variance.SoldOut,
                variance.BroughtMinusRecommended, variance.Waste, now);
            await documents.UpsertAsync(ResultContainers.ForecastRecommendations, runId, document.Id, document, cancel).ConfigureAwait(false);
            recorded[i] = document;
        }).ConfigureAwait(false);

        var ledger = (await documents.QueryEveryAsync<ForecastFeedbackDocument>(ResultContainers.ForecastRecommendations, runId,
            new Dictionary<string, string> { ["docType"] = ForecastDocuments.Feedback }, cancellationToken, ResultQueries.MaxPageSize).ConfigureAwait(false))
            .Select(ToVariance).ToList();

        var matched = recorded.OfType<ForecastFeedbackDocument>().ToArray();
        var kpis = AccuracyKpis.Compute(ledger).Select(FeedbackKpis.From).ToArray();
        return RequestOutcome<FeedbackResult>.Found(new FeedbackResult(matched, matched.Length, days.Count - matched.Length, ledger.Count, kpis));
    }

    private static (string Field, string Problem)? Check(ActualDay? day, string at, out DateOnly date)
    {
        date = default;
        if (day is null)
        {
            return (at, "must be an object");
        }

        if (day.Date is null || !DateOnly.TryParseExact(day.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return ($"{at}.date", day.Date is null ? "is required (yyyy-MM-dd)" : $"'{day.Date}' is not a date yyyy-MM-dd");
        }

        foreach (var (name, value) in new[] { ("market", day.Market), ("vendor", day.Vendor), ("product", day.Product) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength)
            {
                return ($"{at}.{name}", $"is required (1-{MaxNameLength} characters)");
            }
        }

        if (day.UnitsSold is not (>= 0 and <= MaxUnits))
        {
            return ($"{at}.unitsSold", $"is required: a whole number in [0, {MaxUnits}]");
        }

        if (day.UnitsBrought is { } brought && (brought is < 0 or > MaxUnits || brought < day.UnitsSold))
        {
            return ($"{at}.unitsBrought", $"a whole number in [unitsSold, {MaxUnits}], or left out when not recorded");
        }

        return null;
    }

    private static Variance ToVariance(ForecastFeedbackDocument d) => new(new SeriesKey(d.Market, d.Vendor, d.Product),
        DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.ModelVersion, d.RecommendedUnits, d.MedianUnits, d.UnitsBrought, d.UnitsSold);
}

/// <summary>The feedback body: the actual days to record.</summary>
public sealed record FeedbackBody(IReadOnlyList<ActualDay?>? Actuals);

/// <summary>What one vendor brought and sold of one product on one market day (`unitsBrought` null when not recorded).</summary>
public sealed record ActualDay(string? Date, string? Market, string? Vendor, string? Product, int? UnitsSold, int? UnitsBrought);

/// <summary>The answer to a feedback batch.</summary>
/// <param name="Variances">The recorded days of this batch: recommended vs brought vs sold.</param>
/// <param name="Unmatched">Days of the batch with no recommendation of this run (not recorded).</param>
/// <param name="LedgerDays">Feedback days recorded on the run so far, this batch included; the KPIs cover them.</param>
public sealed record FeedbackResult(IReadOnlyList<ForecastFeedbackDocument> Variances, int Recorded, int Unmatched, int LedgerDays, IReadOnlyList<FeedbackKpis> Kpis);

/// <summary>The engine's KPIs of one (month, model version, vendor or `(all)`), with null where a rate has no days to stand on.</summary>
public sealed record FeedbackKpis(string Period, string Vendor, int ModelVersion, int Days, int Evaluated, double? WithinShare, double? Mape, double? Bias,
    double? SelloutRate, double? WasteRate)
{
    /// <summary>The engine's figures; NaN (no days to compute on) becomes null, which JSON can carry.</summary>
    public static FeedbackKpis From(AccuracyKpis k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new(k.Period, k.Vendor, k.ModelVersion, k.Days, k.Evaluated, Finite(k.WithinShare), Finite(k.Mape), Finite(k.Bias), Finite(k.SelloutRate), Finite(k.WasteRate));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
