using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Forecast.Backtesting;
using Tributary.Forecast.Evaluation;
using Tributary.Host.Cli;

namespace Tributary.Host.Forecast;

/// <summary><c>forecast backtest</c>: rolling-origin backtest of the demand model against seasonal naive and a moving average.</summary>
public static class BacktestVerb
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var origins = new Option<int>("--origins") { Description = "Weekly cut-offs at the end of the history; each refits on the days before it.", DefaultValueFactory = _ => 8 };
        var horizon = new Option<int>("--horizon") { Description = "Days forecast after each cut-off.", DefaultValueFactory = _ => 7 };
        var truth = new Option<FileInfo?>("--truth") { Description = "Optional truth.csv from `forecast generate`: score against true demand (sold-out days included) and add the oracle." };
        var variants = new Option<bool>("--variants") { Description = "Also score the model without pooling and the model ignoring stock-outs (the evidence for both design choices; triples the time)." };
        var output = new Option<FileInfo?>("--out") { Description = "Optional CSV for the report: method,n,within_20pct,mape,bias,share_of_oracle,selected." };
        var command = new Command("backtest", "Score the demand model on your own history: at each of the last --origins weeks, refit on the past only "
            + "and forecast the next --horizon days; compare with seasonal naive (same weekday last week) and a moving average of the last "
            + "4 same weekdays. Without --truth, sold-out days are left out (their demand is unknown). The method with the highest share within ±20% is marked selected.\n\n"
            + "Example:\n  tributary forecast backtest --sales sales.csv --weather weather.csv --events events.csv --origins 8 --out backtest.csv");
        foreach (var option in inputs.All.Concat<Option>([origins, horizon, truth, variants, output]))
        {
            command.Options.Add(option);
        }

        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var options = new BacktestOptions(parse.GetValue(origins), parse.GetValue(horizon));
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                CliAction.Error(e.Message);
                return CliAction.InvalidInput;
            }

            BacktestReport report = null!;
            await CliAction.Progress.Progress().StartAsync(async ctx =>
            {
                var read = ctx.AddTask("reading inputs", maxValue: 1);
                var run = ctx.AddTask("refitting at each origin", maxValue: options.Origins);
                var (data, _) = await Task.Run(() => inputs.Load(parse), cancel).ConfigureAwait(false);
                var truthTable = parse.GetValue(truth) is { } t ? await Task.Run(() => TruthTable.Read(t.FullName), cancel).ConfigureAwait(false) : null;
                read.Value = 1;
                report = await Task.Run(() => Backtest.Run(data, options, truthTable, originDone: (done, _) => run.Value = done, cancel: cancel,
                    variants: parse.GetValue(variants) ? ModelVariants.All : null), cancel)
                    .ConfigureAwait(false);
            }).ConfigureAwait(false);

            var inv = CultureInfo.InvariantCulture;
            var oracle = report.Methods.FirstOrDefault(m => m.Method == BacktestReport.OracleName);
            var table = new Table().AddColumns("method", "days", "within ±20%", "MAPE", "bias", "share of oracle", "selected");
            foreach (var m in report.Methods)
            {
                table.AddRow(Markup.Escape(m.Method), m.Metrics.Count.ToString("N0", inv), m.Metrics.WithinShare.ToString("P1", inv),
                    m.Metrics.Mape.ToString("P1", inv), m.Metrics.Bias.ToString("+0.0%;-0.0%", inv),
                    oracle is null ? "" : (m.Metrics.WithinShare / oracle.Metrics.WithinShare).ToString("P0", inv), m == report.Best ? "yes" : "");
            }

            CliAction.Progress.Write(table);
            CliAction.Progress.MarkupLine($"{report.Origins} origins × {report.HorizonDays} days; actual = {(report.AgainstTruth ? "true demand" : "units sold")}; "
                + $"sold-out days left out: {report.Censored:N0}; days of series new in the window: {report.Unforecastable:N0}");
            if (parse.GetValue(output) is { } file)
            {
                report.Write(file.FullName);
            }

            return 0;
        }));
        return command;
    }
}
