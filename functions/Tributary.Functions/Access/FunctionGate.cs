using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Functions.Access;

/// <summary>What the gate decided for one HTTP invocation: go ahead as <see cref="Caller"/>, or answer <see cref="Status"/> with <see cref="Problem"/>.</summary>
public sealed record GateDecision(Caller? Caller, int Status, string? Problem)
{
    /// <summary>Whether the function may run.</summary>
    public bool Allowed => Status == StatusCodes.Status200OK;
}

/// <summary>
/// Who calls an HTTP function and whether they may: Easy Auth's principal (trusted only when App Service Authentication is
/// on, because only then does the platform strip a client-sent header), else an API key in `X-Api-Key` (hashed in app
/// settings, as in `serve`). Pure, so both the middleware and the tests use it.
/// </summary>
public sealed class FunctionGate(ApiKeyRing keys, bool easyAuthEnabled)
{
    /// <summary>The API-key header, as in `serve`.</summary>
    public const string ApiKeyHeader = ApiKey.Header;

    /// <summary>The decision for <paramref name="functionName"/> called with these headers.</summary>
    public GateDecision Decide(string functionName, IHeaderDictionary headers)
    {
        if (FunctionAccess.Anonymous.Contains(functionName))
        {
            return new GateDecision(null, StatusCodes.Status200OK, null);
        }

        var caller = CallerOf(headers, out var failure);
        if (caller is null)
        {
            return new GateDecision(null, StatusCodes.Status401Unauthorized,
                (failure is null ? "" : failure + ". ") + "Sign in with Entra ID (Authorization: Bearer <token> for the app's audience) or send an API key in X-Api-Key.");
        }

        if (!FunctionAccess.Operations.TryGetValue(functionName, out var operation))
        {
            return new GateDecision(caller, StatusCodes.Status403Forbidden, $"function {functionName} is not in the access matrix, so nobody may call it");
        }

        return caller.May(operation)
            ? new GateDecision(caller, StatusCodes.Status200OK, null)
            : new GateDecision(caller, StatusCodes.Status403Forbidden, AccessPolicy.Refusal(caller, AccessPolicy.RequiredRole(operation), AccessPolicy.Describe(operation)));
    }

    private Caller? CallerOf(IHeaderDictionary headers, out string? failure)
    {
        failure = null;
        if (easyAuthEnabled && headers.TryGetValue(EasyAuthPrincipal.Header, out var principal))
        {
            var caller = EasyAuthPrincipal.TryRead(principal.ToString());
            failure = caller is null ? "the App Service principal could not be read" : null;
            return caller;
        }

        if (headers.TryGetValue(ApiKeyHeader, out var key))
        {
            var caller = key.Count == 1 ? keys.Authenticate(key[0]) : null;
            failure = caller is null ? "the X-Api-Key sent is not a key of this app" : null;
            return caller;
        }

        return null;
    }
}
