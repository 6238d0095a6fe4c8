using System.CommandLine;
using System.Text.Json;
using Tributary.Host.Cli;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>`tributary keys new|hash`: makes API keys and the hashed configuration entries `serve` reads.</summary>
public static class KeysCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name")
        {
            Description = "Who the key stands for; recorded as the actor of what its holder does (e.g. nightly-loader, alice).",
            Required = true,
        };
        var roles = new Option<string>("--roles")
        {
            Description = "Comma-separated roles: reader (every GET), operator (start, rerun, terminate, ordinary break moves, feedback), " +
                "approver (closing breaks), admin (purge, configuration; holds every role).",
            Required = true,
        };
        var index = new Option<int>("--index")
        {
            Description = "The position of the entry in Tributary:Security:ApiKeys (0 for the first key, 1 for the second...).",
            DefaultValueFactory = _ => 0,
        };
        var create = new Command("new",
            "Make a new API key and print it once, with the configuration entry that stores only its hash.\n\n" +
            "Example:\n  tributary keys new --name nightly-loader --roles operator\n" +
            "Then give the key to the client (it sends it as X-Api-Key) and put the entry in appsettings.json or the environment.")
        {
            name, roles, index,
        };
        create.SetAction(CliAction.Run((parse, _) =>
        {
            var key = ApiKey.Generate();
            return Task.FromResult(Print(parse.GetValue(name)!, key, parse.GetValue(roles)!, parse.GetValue(index)));
        }));

        var hashName = new Option<string>("--name") { Description = "The key's name in the entry.", DefaultValueFactory = _ => "client" };
        var hashRoles = new Option<string>("--roles") { Description = "The key's roles in the entry.", DefaultValueFactory = _ => "reader" };
        var hash = new Command("hash",
            "Print the configuration entry for a key you already have, read from standard input (so it stays out of the shell history).\n\n" +
            "Example:\n  tributary keys hash --name alice --roles approver < alice.key")
        {
            hashName, hashRoles, index,
        };
        hash.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var key = (await Console.In.ReadToEndAsync(cancel)).Trim();
            if (key.Length == 0 || key.Length > ApiKey.MaxLength)
            {
                CliAction.Error($"standard input must hold the key: 1 to {ApiKey.MaxLength} characters");
                return CliAction.InvalidInput;
            }

            return Print(parse.GetValue(hashName)!, null, parse.GetValue(hashRoles)!, parse.GetValue(index), key);
        }));

        return new Command("keys", "API keys for `serve`: make one, or hash one you have. Keys are stored hashed; only the client keeps the key.")
        {
            create, hash,
        };
    }

    private static int Print(string name, string? newKey, string roleList, int position, string? existingKey = null)
    {
        var key = newKey ?? existingKey!;
        var entry = $"Tributary:Security:ApiKeys:{position}";
        if (ApiKeyRing.Validate(entry, name, ApiKey.Hash(key), roleList, out var parsed) is { } problem)
        {
            CliAction.Error(problem);
            return CliAction.InvalidInput;
        }

        var roles = string.Join(",", RoleNames.All.Where(parsed!.Roles.Contains).Select(r => r.Name()));
        if (newKey is not null)
        {
            Console.WriteLine($"key (shown once; the client sends it as X-Api-Key): {newKey}");
        }

        var json = JsonSerializer.Serialize(new { Name = parsed.Name, Hash = parsed.Hash, Roles = roles });
        Console.WriteLine($"appsettings.json, in \"Tributary\": {{ \"Security\": {{ \"ApiKeys\": [ ... ] }} }} at position {position}:");
        Console.WriteLine($"  {json}");
        Console.WriteLine("or the environment:");
        var variable = entry.Replace(":", "__", StringComparison.Ordinal);
        Console.WriteLine($"  {variable}__Name={parsed.Name}");
        Console.WriteLine($"  {variable}__Hash={parsed.Hash}");
        Console.WriteLine($"  {variable}__Roles={roles}");
        return 0;
    }
}
