using Tributary.Forecast.Evaluation;
using Tributary.Forecast.Input;

namespace Tributary.Forecast.Simulation;

/// <summary>Simulates farmers' markets with known demand: vendors, products with categories, seasons, weather, events, price
/// changes, stock-outs and noise (<c>forecast generate</c>).</summary>
/// <remarks>
/// Truth, per series and market day: log μ = log(category base × vendor scale × product factor) + market weekday crowd
/// + category season + series trend + weather (category temperature and rain sensitivity, wind) + events (category
/// sensitivity × log(1 + attendance/1000)) + elasticity × log(price / usual price). Demand is negative binomial around μ.
/// Vendors bring a multiple ("cover") of their own rough forecast, so units sold = min(demand, brought): low cover means
/// many sold-out, censored days. Weather rows for coming days are forecasts: the true weather plus forecast error.
/// One seeded <see cref="Random"/> and a fixed iteration order make the same seed give the same market.
/// </remarks>
public static class MarketSimulator
{
    private static readonly string[] MarketNames = ["Riverside", "Old Town", "Harbour", "Hilltop", "Station Square", "Canal Street", "Green Park", "Cathedral Close"];
    private static readonly DayOfWeek[][] MeetingDays =
    [
        [DayOfWeek.Saturday, DayOfWeek.Wednesday], [DayOfWeek.Saturday], [DayOfWeek.Sunday, DayOfWeek.Thursday],
        [DayOfWeek.Saturday, DayOfWeek.Tuesday], [DayOfWeek.Friday, DayOfWeek.Sunday],
    ];

    private static readonly string[] VendorFirst = ["Sunny", "Blue", "Oak", "Willow", "Red", "Stone", "Meadow", "River", "Fox", "Golden"];
    private static readonly string[] VendorSecond = ["Acres", "Bakery", "Farm", "Kitchen", "Garden", "Dairy", "Orchard", "Pantry"];
    private static readonly string[][] EventNamesBySeason =
    [
        ["Winter Market", "Lantern Night"],                                          // December – February
        ["Flower Show", "City Marathon", "Spring Fair"],                             // March – May
        ["Summer Festival", "Jazz Weekend", "Food Truck Rally", "Craft Beer Festival"], // June – August
        ["Harvest Fair", "Food Truck Rally", "City Marathon"],                      // September – November
    ];

    /// <summary>Files <see cref="Write"/> puts into its directory.</summary>
    public static IReadOnlyList<string> Files { get; } = ["sales.csv", "weather.csv", "events.csv", "products.csv", "truth.csv"];

    /// <summary>Simulates a market in memory.</summary>
    public static SimulatedMarket Simulate(SimulationOptions options)
    {
        options.Validate();
        var random = new RandomDraws(options.Seed);
        var first = options.FirstDay;
        var lastHistory = options.LastHistoryDay;
        var lastDay = lastHistory.AddDays(options.FutureDays);
        var markets = Enumerable.Range(0, options.Markets).Select(i => Market.Create(i, random)).ToArray();

        var weather = new List<(string, DateOnly, WeatherObservation)>();
        var actualWeather = new Dictionary<(int, DateOnly), WeatherObservation>();
        foreach (var (market, m) in markets.Select((mk, i) => (mk, i)))
        {
            var anomaly = 0.0;
            for (var date = first; date <= lastDay; date = date.AddDays(1))
            {
                var angle = 2 * Math.PI * (date.DayOfYear - 200) / 365.25;
                anomaly = 0.7 * anomaly + random.Normal(3);
                var temp = market.MeanTemp + market.TempAmplitude * Math.Cos(angle) + anomaly;
                var wet = random.Chance(0.3 + 0.1 * Math.Cos(2 * Math.PI * (date.DayOfYear - 30) / 365.25));
                var precip = wet ? random.Gamma(0.8) * 6 : 0;
                var wind = 4 + random.Gamma(2) * 5;
                var actual = new WeatherObservation(Math.Round(temp, 1), Math.Round(precip, 1), Math.Round(wind, 1));
                actualWeather[(m, date)] = actual;
                var written = date <= lastHistory ? actual : new WeatherObservation(Math.Round(temp + random.Normal(1.5), 1),
                    Math.Round(precip * Math.Exp(random.Normal(0.3)), 1), Math.Round(Math.Max(0, wind + random.Normal(3)), 1));
                weather.Add((market.Name, date, written));
            }
        }

        var events = new List<MarketEvent>();
        foreach (var market in markets)
        {
            var futureEvent = false;
            for (var date = first; date <= lastDay; date = date.AddDays(1))
            {
                if (!market.Meets(date))
                {
                    continue;
                }

                // About six events a year, and one in the coming weeks so the recommendations show an event effect.
                var forced = !futureEvent && date > lastHistory && date.DayOfWeek == market.Days[0] && random.Chance(0.5);
                if (forced || random.Chance(0.045))
                {
                    futureEvent |= date > lastHistory;
                    var names = EventNamesBySeason[date.Month % 12 / 3];
                    events.Add(new MarketEvent(date, market.Name, names[random.Next(names.Length)], 100 * (20 + random.Next(181))));
                }
            }
        }

        var calendar = new EventCalendar(events);
        var catalog = new List<(string, string, string)>();
        var histories = new List<ProductHistory>();
        var truth = new List<TruthDay>();
        var futureDates = new SortedSet<DateOnly>();
        for (var v = 0; v < options.Vendors; v++)
        {
            var vendor = Vendor.Create(v, options, random);
            var vendorMarkets = new List<int> { v % options.Markets };
            if (options.Markets > 1 && random.Chance(0.3))
            {
                vendorMarkets.Add((v % options.Markets + 1 + random.Next(options.Markets - 1)) % options.Markets);
            }

            var names = new HashSet<string>();
            for (var p = 0; p < options.ProductsPerVendor; p++)
            {
                var product = Product.Create(vendor, names, options, random);
                catalog.Add((vendor.Name, product.Name, product.Category.Name));
                foreach (var m in vendorMarkets)
                {
                    var market = markets[m];
                    var key = new SeriesKey(market.Name, vendor.Name, product.Name);
                    var days = new List<MarketDaySale>();
                    var lastPrice = product.UsualPrice;
                    for (var date = product.Start; date <= product.End; date = date.AddDays(1))
                    {
                        if (!market.Meets(date) || !random.Chance(0.92))
                        {
                            continue;
                        }

                        var years = (date.DayNumber - first.DayNumber) / 365.25;
                        var price = Math.Round(product.UsualPrice * Math.Pow(1.03, Math.Floor(years))
                            * (random.Chance(0.08) ? 0.85 : random.Chance(0.04) ? 1.1 : 1), 2);
                        var mu = Expected(market, vendor, product, date, first, actualWeather[(m, date)], calendar.On(market.Name, date), price, options);
                        var demand = random.NegativeBinomial(mu, options.Size);
                        var brought = (int)Math.Ceiling(vendor.Cover * mu * Math.Exp(random.Normal(0.15)));
                        var sold = Math.Min(demand, brought);
                        days.Add(new MarketDaySale(date, sold, vendor.RecordsBrought ? brought : null, price));
                        lastPrice = price;
                        if (options.HistoryTruth)
                        {
                            truth.Add(new TruthDay(key, date, mu, demand, options.Size));
                        }
                    }

                    if (days.Count == 0)
                    {
                        continue;
                    }

                    histories.Add(new ProductHistory(key, product.Category.Name, days.ToArray()));
                    if (product.End < lastHistory)
                    {
                        continue; // dropped: no demand in the coming weeks
                    }

                    // Coming days: the vendor keeps the last price, which is also what the model assumes.
                    for (var date = lastHistory.AddDays(1); date <= lastDay; date = date.AddDays(1))
                    {
                        if (market.Meets(date))
                        {
                            futureDates.Add(date);
                            var mu = Expected(market, vendor, product, date, first, actualWeather[(m, date)], calendar.On(market.Name, date), lastPrice, options);
                            truth.Add(new TruthDay(key, date, mu, random.NegativeBinomial(mu, options.Size), options.Size));
                        }
                    }
                }
            }
        }

        var inputs = new ForecastInputs(new SalesHistory(histories), new WeatherTable(weather), calendar);
        return new SimulatedMarket(options, inputs, new ProductCatalog(catalog), new TruthTable(truth), futureDates.ToArray());
    }

    /// <summary>The true expected demand of one series on one day.</summary>
    private static double Expected(Market market, Vendor vendor, Product product, DateOnly date, DateOnly first, WeatherObservation w,
        IReadOnlyList<MarketEvent> events, double price, SimulationOptions options)
    {
        var c = product.Category;
        var years = (date.DayNumber - first.DayNumber) / 365.25;
        var attendance = events.Sum(e => (double)e.ExpectedAttendance);
        var log = Math.Log(c.BaseUnits * vendor.Scale * product.Factor)
            + (date.DayOfWeek == market.Days[0] ? 0 : market.SecondDayEffect)
            + c.SeasonAmplitude * Math.Cos(2 * Math.PI * (date.DayOfYear - c.SeasonPeak) / 365.25)
            + product.Trend * years
            + options.WeatherScale * (c.Temperature * (w.TempC - 15) / 10 + c.Rain * Math.Log(1 + w.PrecipMm) - 0.03 * (w.WindKph - 10) / 10)
            + c.Event * Math.Log(1 + attendance / 1000)
            + c.Elasticity * Math.Log(price / (product.UsualPrice * Math.Pow(1.03, Math.Floor(years))));
        return Math.Exp(log);
    }

    /// <summary>Simulates and writes sales.csv, weather.csv, events.csv, products.csv and truth.csv into <paramref name="directory"/>.</summary>
    public static SimulatedMarket Write(string directory, SimulationOptions options)
    {
        var market = Simulate(options);
        SimulationWriter.Write(directory, market);
        return market;
    }

    private sealed record Market(string Name, DayOfWeek[] Days, double SecondDayEffect, double MeanTemp, double TempAmplitude)
    {
        public bool Meets(DateOnly date) => Array.IndexOf(Days, date.DayOfWeek) >= 0;

        public static Market Create(int i, RandomDraws random)
        {
            var name = MarketNames[i % MarketNames.Length] + (i >= MarketNames.Length ? $" {i / MarketNames.Length + 1}" : "");
            return new Market(name, MeetingDays[i % MeetingDays.Length], random.Uniform(-0.5, -0.2), 12 + random.Uniform(-3, 3), 8 + random.Uniform(-2, 2));
        }
    }

    private sealed record Vendor(string Name, double Scale, double Cover, bool RecordsBrought, CategoryProfile Primary)
    {
        public static Vendor Create(int i, SimulationOptions options, RandomDraws random)
        {
            var span = VendorFirst.Length * VendorSecond.Length;
            var name = $"{VendorFirst[i % VendorFirst.Length]} {VendorSecond[i / VendorFirst.Length % VendorSecond.Length]}" + (i >= span ? $" {i / span + 1}" : "");
            var records = random.Chance(options.RecordBroughtShare);
            // Vendors who do not count what they bring tend to bring plenty.
            var cover = records ? random.Uniform(options.CoverLow, options.CoverHigh) : Math.Max(options.CoverHigh, 1.6);
            return new Vendor(name, Math.Exp(random.Normal(0.35)), cover, records, CategoryProfile.All[random.Next(CategoryProfile.All.Count)]);
        }
    }

    private sealed record Product(string Name, CategoryProfile Category, double Factor, double UsualPrice, double Trend, DateOnly Start, DateOnly End)
    {
        public static Product Create(Vendor vendor, HashSet<string> taken, SimulationOptions options, RandomDraws random)
        {
            var category = random.Chance(0.6) ? vendor.Primary : CategoryProfile.All[random.Next(CategoryProfile.All.Count)];
            var name = category.Products[random.Next(category.Products.Length)];
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{category.Products[random.Next(category.Products.Length)]} {n}";
            }

            var first = options.FirstDay;
            var last = options.LastHistoryDay;
            var lifecycle = random.Uniform();
            var (start, end) = lifecycle switch
            {
                < 0.05 => (last.AddDays(-(14 + random.Next(32))), last),                           // new: a few weeks of history
                < 0.08 => (first, last.AddDays(-(400 + random.Next(300)))),                       // dropped more than a year ago
                < 0.23 => (first.AddDays(random.Next(Math.Max(1, options.HistoryDays / 2))), last), // introduced later
                _ => (first, last),
            };
            if (start > end)
            {
                start = first;
            }

            return new Product(name, category, Math.Exp(random.Normal(0.3)), Math.Round(category.Price * random.Uniform(0.8, 1.25), 2),
                random.Normal(0.06) + 0.02, start, end);
        }
    }
}
