using System.Text;

namespace Tributary.Functions.Bindings;

/// <summary>How a function name or a type is spelled in the written C#.</summary>
public static class CSharpNames
{
    /// <summary>`hpi_partitions` → `HpiPartitions`: a method name from a function name (letters, digits, `_` and `-`).</summary>
    public static string Pascal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '_' or '-' or '.')
            {
                upper = true;
                continue;
            }

            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return text.ToString();
    }

    /// <summary>A type's fully qualified C# name (`global::…`), generic arguments and arrays included.</summary>
    public static string Type(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            return Type(type.GetElementType()!) + "[]";
        }

        var name = "global::" + (type.Namespace is { Length: > 0 } ns ? ns + "." : string.Empty) + Outer(type);
        if (!type.IsGenericType)
        {
            return name;
        }

        return name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Type)) + ">";
    }

    // A nested type is spelled through its declaring types.
    private static string Outer(Type type) => type.DeclaringType is { } outer ? Outer(outer) + "." + type.Name : type.Name;
}
