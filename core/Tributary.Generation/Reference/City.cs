namespace Tributary.Generation.Reference;

/// <summary>An Indian city where customers live and merchants trade; weight is its share of customers.</summary>
public sealed record City(string Name, string State, double Latitude, double Longitude, double Weight);

/// <summary>The cities of the simulated market and the great-circle distances between them.</summary>
public static class Cities
{
    /// <summary>All cities, indexed by position; the index is what rows and features carry.</summary>
    public static IReadOnlyList<City> All { get; } =
    [
        new("Mumbai", "Maharashtra", 19.0760, 72.8777, 12),
        new("Delhi", "Delhi", 28.7041, 77.1025, 12),
        new("Bengaluru", "Karnataka", 12.9716, 77.5946, 10),
        new("Hyderabad", "Telangana", 17.3850, 78.4867, 8),
        new("Chennai", "Tamil Nadu", 13.0827, 80.2707, 8),
        new("Kolkata", "West Bengal", 22.5726, 88.3639, 8),
        new("Pune", "Maharashtra", 18.5204, 73.8567, 6),
        new("Ahmedabad", "Gujarat", 23.0225, 72.5714, 6),
        new("Jaipur", "Rajasthan", 26.9124, 75.7873, 4),
        new("Lucknow", "Uttar Pradesh", 26.8467, 80.9462, 4),
        new("Kanpur", "Uttar Pradesh", 26.4499, 80.3319, 2),
        new("Nagpur", "Maharashtra", 21.1458, 79.0882, 2),
        new("Indore", "Madhya Pradesh", 22.7196, 75.8577, 2),
        new("Bhopal", "Madhya Pradesh", 23.2599, 77.4126, 2),
        new("Patna", "Bihar", 25.5941, 85.1376, 2),
        new("Surat", "Gujarat", 21.1702, 72.8311, 3),
        new("Kochi", "Kerala", 9.9312, 76.2673, 2),
        new("Thiruvananthapuram", "Kerala", 8.5241, 76.9366, 1.5),
        new("Chandigarh", "Chandigarh", 30.7333, 76.7794, 1.5),
        new("Guwahati", "Assam", 26.1445, 91.7362, 1.5),
        new("Bhubaneswar", "Odisha", 20.2961, 85.8245, 1.5),
        new("Coimbatore", "Tamil Nadu", 11.0168, 76.9558, 1.5),
        new("Visakhapatnam", "Andhra Pradesh", 17.6868, 83.2185, 1.5),
        new("Ludhiana", "Punjab", 30.9010, 75.8573, 1.5),
        new("Ranchi", "Jharkhand", 23.3441, 85.3096, 1),
        new("Dehradun", "Uttarakhand", 30.3165, 78.0322, 1),
        new("Raipur", "Chhattisgarh", 21.2514, 81.6296, 1),
        new("Panaji", "Goa", 15.4909, 73.8278, 0.8),
        new("Srinagar", "Jammu and Kashmir", 34.0837, 74.7973, 0.8),
        new("Mysuru", "Karnataka", 12.2958, 76.6394, 1),
    ];

    /// <summary>Number of cities.</summary>
    public static int Count => All.Count;

    private static readonly double[] DistanceKm = BuildDistances();

    /// <summary>Great-circle distance in km between two cities (precomputed once; the hot loop only indexes).</summary>
    public static double Distance(int a, int b) => DistanceKm[(a * All.Count) + b];

    /// <summary>Distinct state names in first-seen order.</summary>
    public static IReadOnlyList<string> States { get; } = All.Select(c => c.State).Distinct().ToArray();

    /// <summary>Position of each city's state in <see cref="States"/>.</summary>
    public static IReadOnlyList<int> StateIndex { get; } =
        All.Select(c => States.ToList().IndexOf(c.State)).ToArray();

    private static double[] BuildDistances()
    {
        var n = All.Count;
        var d = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                d[(i * n) + j] = Haversine(All[i], All[j]);
            }
        }

        return d;
    }

    private static double Haversine(City a, City b)
    {
        const double earthRadiusKm = 6371.0;
        var dLat = double.DegreesToRadians(b.Latitude - a.Latitude);
        var dLon = double.DegreesToRadians(b.Longitude - a.Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(double.DegreesToRadians(a.Latitude)) * Math.Cos(double.DegreesToRadians(b.Latitude)) *
                 Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        // Rounded to 0.1 km so the table (and every feature built on it) is identical whatever libm computed the trig.
        return Math.Round(2 * earthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h))), 1);
    }
}
