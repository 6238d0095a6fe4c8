namespace Tributary.Pipeline.Durable.Hosting;

/// <summary>
/// Core names orchestrators and activities `hpi.plan`, `hpi.partitions`; Azure Functions names allow only letters, digits,
/// '_' and '-'. This is the one mapping between the two, used by the adapter (calls) and the function attributes (names).
/// </summary>
public static class FunctionNames
{
    /// <summary>The function name of a core orchestrator or activity: '.' becomes '_'.</summary>
    public static string For(string coreName) => coreName.Replace('.', '_');
}
