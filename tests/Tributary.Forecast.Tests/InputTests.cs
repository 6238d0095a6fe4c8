using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Forecast.Input;

namespace Tributary.Forecast.Tests;

/// <summary>Readers: every bad row is named by file, line and field; nothing is dropped silently.</summary>
public sealed class InputTests
{
    private const string Header = "date,market,vendor,product,units_sold,units_brought,price\n";

    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private static InvalidInputException Fails(string sales) =>
        Assert.Throws<InvalidInputException>(() => SalesReader.Read(Text(sales), "sales.csv"));

    [Fact]
    public void Reads_rows_with_and_without_units_brought_and_marks_sold_out_days()
    {
        var history = SalesReader.Read(Text(Header + "2027-05-01,Riverside,Oak Farm,tomatoes,12,12,3.50\n"
            + "2027-05-08,Riverside,Oak Farm,tomatoes,9,,3.50\n2027-05-08,Harbour,Oak Farm,tomatoes,7,10,3.60\n"), "sales.csv");
        Assert.Equal(2, history.Products.Count);
        var riverside = history.Products.Single(p => p.Key.Market == "Riverside");
        Assert.True(riverside.Days[0].SoldOut);
        Assert.Null(riverside.Days[1].UnitsBrought);
        Assert.False(riverside.Days[1].SoldOut);
        Assert.Equal(new DateOnly(2027, 5, 8), history.Last);
    }

    [Fact]
    public void A_sale_on_or_after_the_first_date_to_recommend_is_an_error_naming_its_line()
    {
        var sales = Header + "2027-05-01,Riverside,Oak Farm,tomatoes,12,12,3.50\n2031-01-01,Riverside,Oak Farm,beans,1,,2.00\n"
            + "2027-06-05,Harbour,Oak Farm,tomatoes,7,10,3.60\n";

        var e = Assert.Throws<InvalidInputException>(() => SalesReader.Read(Text(sales), "sales.csv", endsBefore: new DateOnly(2027, 6, 5)));

        Assert.Equal(
            ["sales.csv:3: field 'date': 2031-01-01 is not before 2027-06-05, the first date to recommend for: the history must end before it",
             "sales.csv:4: field 'date': 2027-06-05 is not before 2027-06-05, the first date to recommend for: the history must end before it"],
            e.Errors.Select(x => x.ToString()));
        Assert.Equal(3, SalesReader.Read(Text(sales), "sales.csv").Products.Count); // without a date to recommend for, every row is history
    }

    [Fact]
    public void Rows_with_the_wrong_field_count_are_reported_with_the_other_bad_rows()
    {
        var e = Fails(Header + "2027-05-01,Riverside,Oak Farm,tomatoes,12,12,3.50,extra\n2027-05-08,Riverside,Oak Farm,tomatoes,9,3.50\n"
            + "2027-05-15,Riverside,Oak Farm,tomatoes,twelve,,3.50\n");

        Assert.Equal(["sales.csv:2: 8 fields, but the header has 7", "sales.csv:3: 6 fields, but the header has 7"], e.Errors.Take(2).Select(x => x.ToString()));
        Assert.Equal(3, e.Errors.Count);
    }

    [Fact]
    public void Bad_fields_name_file_line_and_field_and_all_are_reported()
    {
        var e = Fails(Header + "2027-05-01,Riverside,Oak Farm,tomatoes,twelve,,3.50\n2027-13-01,Riverside,Oak Farm,tomatoes,1,,3.5\n"
            + "2027-05-03,Riverside,Oak Farm,tomatoes,11,10,3.50\n2027-05-04,,Oak Farm,tomatoes,1,,3.5\n");
        var messages = e.Errors.Select(x => x.ToString()).ToArray();
        Assert.Contains("sales.csv:2: field 'units_sold': 'twelve' is not a whole number in [0, 10000000]", messages);
        Assert.Contains(messages, m => m.StartsWith("sales.csv:3: field 'date': '2027-13-01'", StringComparison.Ordinal));
        Assert.Contains("sales.csv:4: field 'units_sold': 11 units sold is more than the 10 units brought", messages);
        Assert.Contains("sales.csv:5: field 'market': empty", messages);
        Assert.Equal(4, e.Errors.Count);
    }

    [Fact]
    public void Duplicate_days_and_missing_columns_are_errors()
    {
        var dup = Fails(Header + "2027-05-01,R,V,P,1,,1\n2027-05-01,R,V,P,2,,1\n");
        Assert.Equal(3, dup.Errors.Single().Line);
        Assert.Contains("line 2", dup.Errors.Single().Problem);

        var missing = Fails("date,market,vendor,product,units_sold,price\n2027-05-01,R,V,P,1,1\n");
        Assert.Equal("units_brought", missing.Errors.Single().Field);
        Assert.Equal(1, missing.Errors.Single().Line);

        Assert.Equal("sales.csv", Fails("").Errors.Single().File);
        Assert.Contains("no sales rows", Fails(Header).Errors.Single().Problem);
    }

    [Fact]
    public void Weather_events_and_products_validate_their_fields()
    {
        var weather = Assert.Throws<InvalidInputException>(() => WeatherTable.Read(Text("date,market,temp_c,precip_mm,wind_kph\n"
            + "2027-05-01,R,12,-3,5\n2027-05-01,R,12,0,5\n2027-05-01,R,13,0,5\n"), "weather.csv"));
        Assert.Equal(["weather.csv:2: field 'precip_mm': '-3' is not a number in [0, 500]", "weather.csv:4: field 'date': R already has weather for 2027-05-01 (line 3)"],
            weather.Errors.Select(x => x.ToString()));

        var events = Assert.Throws<InvalidInputException>(() => EventCalendar.Read(Text("date,market,name,expected_attendance\n2027-05-01,R,Fair,lots\n"), "events.csv"));
        Assert.Equal("expected_attendance", events.Errors.Single().Field);

        var products = Assert.Throws<InvalidInputException>(() => ProductCatalog.Read(Text("vendor,product,category\nV,P,bakery\nV,P,dairy\n"), "products.csv"));
        Assert.Equal(3, products.Errors.Single().Line);
    }

    [Fact]
    public void Climatology_fills_days_without_weather_and_neutral_markets_without_any()
    {
        var rows = new List<(string, DateOnly, WeatherObservation)>();
        for (var year = 2024; year <= 2026; year++)
        {
            for (var day = 0; day < 365; day++)
            {
                var date = new DateOnly(year, 1, 1).AddDays(day);
                rows.Add(("R", date, new WeatherObservation(date.Month is >= 6 and <= 8 ? 25 : 5, day % 2 == 0 ? 0 : 3, 10)));
            }
        }

        var table = new WeatherTable(rows);
        var (july, source) = table.Resolve("R", new DateOnly(2027, 7, 10));
        Assert.Equal(WeatherSource.Climatology, source);
        Assert.Equal(25, july.TempC, 6);
        Assert.Equal(Math.Log(1 + 3) / 2, Math.Log(1 + july.PrecipMm), 1); // rain averaged on the model's log scale
        Assert.Equal(WeatherSource.Forecast, table.Resolve("R", new DateOnly(2025, 7, 10)).Source);
        Assert.Equal((WeatherTable.NeutralDay, WeatherSource.Neutral), table.Resolve("Elsewhere", new DateOnly(2027, 7, 10)));
    }
}
