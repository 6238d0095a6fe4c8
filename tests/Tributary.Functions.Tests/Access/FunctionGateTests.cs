using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Access;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Tests.Access;

/// <summary>The app's gate: Easy Auth's principal only where Easy Auth is on, API keys, and core's matrix for every HTTP function.</summary>
public sealed class FunctionGateTests
{
    private static readonly string OperatorKey = ApiKey.Generate();
    private static readonly ApiKeyRing Keys = new([new ApiKeyEntry("loader", ApiKey.Hash(OperatorKey), new HashSet<Role> { Role.Operator })]);

    [Fact]
    public void Every_http_function_is_in_the_access_matrix_and_anonymous_to_the_functions_host()
    {
        var http = typeof(FunctionGate).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Name is not null && f.Trigger is not null)
            .ToList();

        Assert.NotEmpty(http);
        Assert.Equal(http.Select(f => f.Name!).Order(), FunctionAccess.Operations.Keys.Concat(FunctionAccess.Anonymous).Order());

        // The gate, not the host's function keys, decides (docs/azure.md explains why keys and Entra roles cannot share a route).
        Assert.All(http, f => Assert.Equal(AuthorizationLevel.Anonymous, f.Trigger!.AuthLevel));
    }

    [Fact]
    public void Easy_auths_principal_acts_with_its_app_roles_where_easy_auth_is_on()
    {
        var gate = new FunctionGate(Keys, easyAuthEnabled: true);
        var approver = Principal(("oid", "oid-ada"), (ClaimTypes.Name, "ada@contoso.example"), (ClaimTypes.Role, "approver"));

        var read = gate.Decide("GetReconBreaks", approver);
        var start = gate.Decide("StartRun", approver);
        var move = gate.Decide("PatchReconBreak", approver);

        Assert.Equal((200, "ada@contoso.example", "oid-ada"), (read.Status, read.Caller!.Name, read.Caller.Id));
        Assert.Equal(403, start.Status);
        Assert.Contains("needs the operator role", start.Problem, StringComparison.Ordinal);
        Assert.Equal(200, move.Status);
    }

    [Fact]
    public void A_principal_header_is_ignored_where_easy_auth_is_off_because_a_client_could_have_written_it()
    {
        var gate = new FunctionGate(Keys, easyAuthEnabled: false);

        var forged = gate.Decide("PurgeRun", Principal(("oid", "x"), (ClaimTypes.Role, "admin")));

        Assert.Equal(401, forged.Status);
    }

    [Fact]
    public void Api_keys_act_with_their_roles_and_wrong_or_missing_ones_are_401()
    {
        var gate = new FunctionGate(Keys, easyAuthEnabled: true);

        var start = gate.Decide("StartRun", Headers(("X-Api-Key", OperatorKey)));
        var purge = gate.Decide("PurgeRun", Headers(("X-Api-Key", OperatorKey)));
        var wrong = gate.Decide("ListRuns", Headers(("X-Api-Key", ApiKey.Generate())));
        var none = gate.Decide("ListRuns", Headers());
        var health = gate.Decide("Health", Headers());

        Assert.Equal((200, "loader"), (start.Status, start.Caller!.Name));
        Assert.Equal(403, purge.Status);
        Assert.Contains("needs the admin role", purge.Problem, StringComparison.Ordinal);
        Assert.Equal(401, wrong.Status);
        Assert.Contains("not a key of this app", wrong.Problem, StringComparison.Ordinal);
        Assert.Equal(401, none.Status);
        Assert.True(health.Allowed);
    }

    [Fact]
    public void A_function_missing_from_the_matrix_is_refused_to_everyone()
    {
        var gate = new FunctionGate(Keys, easyAuthEnabled: true);

        var unknown = gate.Decide("SomeNewFunction", Principal(("oid", "root"), (ClaimTypes.Role, "admin")));

        Assert.Equal(403, unknown.Status);
    }

    private static IHeaderDictionary Principal(params (string Type, string Value)[] claims) =>
        Headers((EasyAuthPrincipal.Header, EasyAuthPrincipal.Encode("aad", claims)));

    private static IHeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
