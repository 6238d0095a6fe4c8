using Tributary.Generation.Random;

namespace Tributary.Generation.Reference;

/// <summary>
/// Customers and merchants of a run, derived from the seed alone (never from the count or the batch), so every batch
/// rebuilds exactly the same tables on any machine. Also holds the lookup structures the hot loop samples from.
/// </summary>
public sealed class ReferenceData
{
    private const ulong CustomerStream = 0x1_0000_0000UL;
    private const ulong MerchantStream = 0x2_0000_0000UL;
    private const ulong LayoutStream = 0x3_0000_0000UL;

    private readonly int[][] _onlineByCategory;
    private readonly int[][] _offlineByCategoryCity;

    /// <summary>Customers indexed by id.</summary>
    public Customer[] Customers { get; }

    /// <summary>Merchants indexed by id.</summary>
    public Merchant[] Merchants { get; }

    /// <summary>Draws a customer in proportion to how often they pay.</summary>
    public AliasTable CustomerByActivity { get; }

    /// <summary>Per segment, draws a category in proportion to that segment's preference.</summary>
    public AliasTable[] CategoryBySegment { get; }

    /// <summary>Per category, draws a channel by the category's channel mix.</summary>
    public AliasTable[] ChannelByCategory { get; }

    /// <summary>Merchant ids that collude with fraudsters.</summary>
    public int[] ColludingMerchants { get; }

    /// <summary>Payee ids that are money-mule accounts.</summary>
    public int[] MulePayees { get; }

    /// <summary>Ordinary person-to-person payees (not mules).</summary>
    public int[] OrdinaryPayees { get; }

    /// <summary>Sum of all customers' daily transaction rates: the market's transactions per day.</summary>
    public double DailyTransactions { get; }

    /// <summary>Builds the reference tables of a run.</summary>
    public ReferenceData(ulong seed, int customerCount, int merchantCount)
    {
        var minimumMerchants = (MerchantCategories.Count * Cities.Count) + 100;
        if (customerCount < 100 || merchantCount < minimumMerchants)
        {
            throw new ArgumentOutOfRangeException(
                nameof(customerCount), $"need at least 100 customers and {minimumMerchants} merchants");
        }

        Customers = new Customer[customerCount];
        var cityTable = new AliasTable(Cities.All.Select(c => c.Weight).ToArray());
        var segmentTable = new AliasTable(CustomerSegments.All.Select(s => s.Share).ToArray());
        var incomeTables = CustomerSegments.All.Select(s => new AliasTable(s.IncomeBandWeights)).ToArray();
        var activity = new double[customerCount];
        for (var i = 0; i < customerCount; i++)
        {
            var rng = new Xoshiro256(seed, CustomerStream + (ulong)i);
            Customers[i] = NewCustomer(i, ref rng, cityTable, segmentTable, incomeTables);
            activity[i] = Customers[i].Activity;
            DailyTransactions += Customers[i].Activity;
        }

        CustomerByActivity = new AliasTable(activity);
        CategoryBySegment = CustomerSegments.All.Select(s => new AliasTable(s.CategoryWeights)).ToArray();
        ChannelByCategory = MerchantCategories.All.Select(c => new AliasTable(c.ChannelMix)).ToArray();

        Merchants = BuildMerchants(seed, merchantCount, cityTable);
        _onlineByCategory = new int[MerchantCategories.Count][];
        _offlineByCategoryCity = new int[MerchantCategories.Count * Cities.Count][];
        for (var c = 0; c < MerchantCategories.Count; c++)
        {
            _onlineByCategory[c] = Merchants.Where(m => m.Category == c && m.IsOnline && !m.IsMule && !m.IsColluding)
                .Select(m => m.Id).ToArray();
            for (var city = 0; city < Cities.Count; city++)
            {
                _offlineByCategoryCity[(c * Cities.Count) + city] = Merchants
                    .Where(m => m.Category == c && m.City == city && !m.IsOnline && !m.IsColluding)
                    .Select(m => m.Id).ToArray();
            }
        }

        ColludingMerchants = Merchants.Where(m => m.IsColluding).Select(m => m.Id).ToArray();
        MulePayees = Merchants.Where(m => m.IsMule).Select(m => m.Id).ToArray();
        OrdinaryPayees = _onlineByCategory[MerchantCategories.IndexOf("p2p_transfer")];
    }

    /// <summary>The reference data of a run (depends on the seed and population sizes only).</summary>
    public static ReferenceData For(Batches.GenerationRunSpec spec) => new(spec.Seed, spec.CustomerCount, spec.MerchantCount);

    /// <summary>Online merchants of a category (may be empty for offline-only categories).</summary>
    public ReadOnlySpan<int> Online(int category) => _onlineByCategory[category];

    /// <summary>Offline merchants of a category in a city (never empty for categories that trade offline).</summary>
    public ReadOnlySpan<int> Offline(int category, int city) => _offlineByCategoryCity[(category * Cities.Count) + city];

    private static Customer NewCustomer(
        int id, ref Xoshiro256 rng, AliasTable cityTable, AliasTable segmentTable, AliasTable[] incomeTables)
    {
        var segment = segmentTable.Sample(ref rng);
        var profile = CustomerSegments.All[segment];
        var income = incomeTables[segment].Sample(ref rng);
        var risk = rng.NextDouble() switch { < 0.80 => 0, < 0.95 => 1, _ => 2 };
        var spend = profile.SpendMultiplier * CustomerSegments.IncomeMultiplier[income] *
                    Math.Exp(0.35 * rng.NextGaussian());
        return new Customer(
            id,
            (byte)segment,
            (byte)income,
            (byte)cityTable.Sample(ref rng),
            (byte)rng.NextInt(profile.MinAge, profile.MaxAge + 1),
            (byte)risk,
            (float)Math.Round((risk * 0.3) + (0.3 * rng.NextDouble()), 3),
            spend,
            0.45 + (0.35 * rng.NextDouble()),
            profile.DailyTransactions * Math.Exp(0.5 * rng.NextGaussian()),
            (byte)rng.NextInt(8, 23),
            rng.Chance(0.4));
    }

    private static Merchant[] BuildMerchants(ulong seed, int count, AliasTable cityTable)
    {
        var merchants = new Merchant[count];
        var layout = new Xoshiro256(seed, LayoutStream);
        var categoryTable = new AliasTable(MerchantCategories.All.Select(c => c.MerchantShare).ToArray());
        var p2p = MerchantCategories.IndexOf("p2p_transfer");
        var id = 0;

        // Every category that trades offline gets one merchant in every city first, so a customer never has to
        // travel for groceries; the rest are spread by category share and city weight.
        for (var c = 0; c < MerchantCategories.Count && id < count; c++)
        {
            if (MerchantCategories.All[c].OnlineShare >= 1.0)
            {
                continue;
            }

            for (var city = 0; city < Cities.Count && id < count; city++, id++)
            {
                var rng = new Xoshiro256(seed, MerchantStream + (ulong)id);
                merchants[id] = NewMerchant(id, c, city, online: false, ref rng, p2p);
            }
        }

        var guaranteed = id;
        for (; id < count; id++)
        {
            var rng = new Xoshiro256(seed, MerchantStream + (ulong)id);
            var c = categoryTable.Sample(ref layout);
            var category = MerchantCategories.All[c];
            var online = rng.NextDouble() < category.OnlineShare;
            merchants[id] = NewMerchant(id, c, cityTable.Sample(ref layout), online, ref rng, p2p);
        }

        FillRolePools(merchants, guaranteed, p2p);
        return merchants;
    }

    /// <summary>Smallest size of each pool that fraud patterns draw from: mule payees, ordinary payees, colluders.</summary>
    private const int MinimumRolePool = 2;

    // Roles are drawn by chance per merchant, so a small merchant count can leave a pool empty (at 1,000 merchants about
    // one seed in nine had no mule payee, and mule fan-in then indexed an empty array). Relabel merchants from the end of
    // the sampled range, deterministically, until every pool has a few members. Default sizes never need it, so their
    // bytes do not change.
    private static void FillRolePools(Merchant[] merchants, int guaranteed, int p2p)
    {
        var cursor = merchants.Length - 1;
        var p2pCategory = MerchantCategories.All[p2p];

        int NextPlain(bool allowP2p)
        {
            while (cursor >= guaranteed &&
                   (merchants[cursor].IsMule || merchants[cursor].IsColluding || (!allowP2p && merchants[cursor].Category == p2p)))
            {
                cursor--;
            }

            if (cursor < guaranteed)
            {
                throw new InvalidOperationException("too few sampled merchants to fill the fraud role pools");
            }

            return cursor--;
        }

        Merchant AsPayee(Merchant m, bool mule) => m with
        {
            Category = (byte)p2p,
            IsOnline = true,
            IsMule = mule,
            TypicalTicketInr = p2pCategory.TypicalTicketInr,
            RiskScore = (float)Math.Round(Math.Min(1, p2pCategory.Risk + 0.1 + (mule ? 0.25 : 0)), 3),
        };

        while (merchants.Count(m => m.IsMule) < MinimumRolePool)
        {
            var i = NextPlain(allowP2p: true);
            merchants[i] = AsPayee(merchants[i], mule: true);
        }

        while (merchants.Count(m => m.Category == p2p && m.IsOnline && !m.IsMule) < MinimumRolePool)
        {
            var i = NextPlain(allowP2p: false);
            merchants[i] = AsPayee(merchants[i], mule: false);
        }

        while (merchants.Count(m => m.IsColluding) < MinimumRolePool)
        {
            var i = NextPlain(allowP2p: false);
            merchants[i] = merchants[i] with
            {
                IsColluding = true,
                RiskScore = (float)Math.Round(Math.Min(1, merchants[i].RiskScore + 0.25), 3),
            };
        }
    }

    private static Merchant NewMerchant(int id, int c, int city, bool online, ref Xoshiro256 rng, int p2p)
    {
        var category = MerchantCategories.All[c];
        var ticket = Math.Round(category.TypicalTicketInr * Math.Exp(0.3 * rng.NextGaussian()), 0);
        var isMule = c == p2p && rng.Chance(0.06);
        var colluding = c != p2p && !isMule && rng.Chance(0.012) && id >= MerchantCategories.Count * Cities.Count;
        var risk = category.Risk + (0.2 * rng.NextDouble()) + (colluding || isMule ? 0.25 : 0);
        return new Merchant(id, (byte)c, (byte)city, ticket, online, (float)Math.Round(Math.Min(1, risk), 3),
            colluding, isMule, (float)Math.Round(rng.NextDouble(), 3));
    }
}
