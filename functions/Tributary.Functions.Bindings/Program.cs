using Tributary.Functions.Bindings;

// Usage: Tributary.Functions.Bindings <output folder>. Writes one file per kind of trigger, and rewrites a file only when
// its text changed, so an unchanged catalog does not make the compiler run again.
if (args is not [var folder])
{
    Console.Error.WriteLine("usage: Tributary.Functions.Bindings <output folder>: writes the Functions app's trigger methods from core's catalog and route table");
    return 2;
}

Directory.CreateDirectory(folder);
var files = BindingSource.Render(TriggerCatalog.FromCore());
foreach (var stale in Directory.GetFiles(folder, "*.g.cs").Where(f => !files.ContainsKey(Path.GetFileName(f))))
{
    File.Delete(stale);
}

foreach (var (name, text) in files)
{
    var path = Path.Combine(folder, name);
    if (!File.Exists(path) || File.ReadAllText(path) != text)
    {
        File.WriteAllText(path, text);
    }
}

return 0;
