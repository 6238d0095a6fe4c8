using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>What the Functions app declares about its bindings, read by reflection from its compiled attributes.</summary>
public static partial class FunctionsBindings
{
    private static IEnumerable<(string Function, ParameterInfo Parameter)> Parameters() =>
        typeof(PipelineRegistration).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.Function is not null)
            .SelectMany(f => f.Method.GetParameters().Select(p => (f.Function!.Name, p)));

    /// <summary>Blob triggers: function name → (container, source kind).</summary>
    public static IReadOnlyDictionary<string, (string Container, BlobTriggerSource Source)> BlobTriggers() =>
        Parameters()
            .Select(p => (p.Function, Trigger: p.Parameter.GetCustomAttribute<BlobTriggerAttribute>()))
            .Where(p => p.Trigger is not null)
            .ToDictionary(p => p.Function, p => (p.Trigger!.BlobPath.Split('/')[0], p.Trigger.Source));

    /// <summary>Every %Setting% a binding expression refers to (timer schedules, for now).</summary>
    public static IReadOnlySet<string> SettingExpressions() =>
        Parameters()
            .Select(p => p.Parameter.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule)
            .OfType<string>()
            .SelectMany(s => Setting().Matches(s).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("%(\\w+)%")]
    private static partial Regex Setting();
}
