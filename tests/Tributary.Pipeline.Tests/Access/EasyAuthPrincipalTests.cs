using System.Security.Claims;
using System.Text;
using Tributary.Pipeline.Access;

namespace Tributary.Pipeline.Tests.Access;

public sealed class EasyAuthPrincipalTests
{
    [Fact]
    public void The_principal_gives_object_id_name_and_our_app_roles()
    {
        var header = EasyAuthPrincipal.Encode("aad",
        [
            ("http://schemas.microsoft.com/identity/claims/objectidentifier", "0f1e-alice"),
            (ClaimTypes.Name, "alice@contoso.example"),
            (ClaimTypes.Role, "Approver"),
            (ClaimTypes.Role, "Task.Write"),
        ]);

        var caller = EasyAuthPrincipal.TryRead(header);

        Assert.Equal(("0f1e-alice", "alice@contoso.example", "easyauth:aad"), (caller!.Id, caller.Name, caller.Method));
        Assert.Equal([Role.Approver], caller.Roles);
    }

    [Fact]
    public void Entra_roles_claims_are_read_too()
    {
        var header = EasyAuthPrincipal.Encode("aad", [("oid", "svc-1"), ("roles", "operator"), ("azp", "loader-app")]);

        var caller = EasyAuthPrincipal.TryRead(header)!;

        Assert.Equal(("svc-1", "loader-app"), (caller.Id, caller.Name));
        Assert.True(caller.May(PipelineOperation.StartRun));
        Assert.False(caller.May(PipelineOperation.PurgeRun));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("eyJub3QiOiAiY2xhaW1zIn0=")]
    public void Anything_that_is_not_Easy_Auths_format_is_no_principal(string? header)
    {
        Assert.Null(EasyAuthPrincipal.TryRead(header));
    }

    [Fact]
    public void An_oversized_header_is_no_principal()
    {
        Assert.Null(EasyAuthPrincipal.TryRead(Convert.ToBase64String(Encoding.UTF8.GetBytes(new string(' ', EasyAuthPrincipal.MaxHeaderLength)))));
    }
}
