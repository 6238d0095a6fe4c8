using Tributary.Pipeline.Access;

namespace Tributary.Pipeline.Tests.Access;

public sealed class ApiKeyRingTests
{
    [Fact]
    public void A_configured_key_authenticates_as_its_name_with_its_roles_and_nothing_else_does()
    {
        var key = ApiKey.Generate();
        var other = ApiKey.Generate();
        var ring = new ApiKeyRing([new ApiKeyEntry("loader", ApiKey.Hash(key), new HashSet<Role> { Role.Operator })]);

        var caller = ring.Authenticate(key);

        Assert.Equal(("key:loader", "loader", "api-key"), (caller!.Id, caller.Name, caller.Method));
        Assert.Equal([Role.Operator], caller.Roles);
        Assert.Null(ring.Authenticate(other));
        Assert.Null(ring.Authenticate(key[..^1]));
        Assert.Null(ring.Authenticate(""));
        Assert.Null(ring.Authenticate(null));
        Assert.Null(ring.Authenticate(new string('k', ApiKey.MaxLength + 1)));
    }

    [Fact]
    public void Keys_are_random_prefixed_and_hashed_as_sha256_hex()
    {
        var a = ApiKey.Generate();
        var b = ApiKey.Generate();

        Assert.NotEqual(a, b);
        Assert.StartsWith(ApiKey.Prefix, a, StringComparison.Ordinal);
        Assert.True(a.Length >= 40);
        Assert.True(ApiKey.IsHash(ApiKey.Hash(a)));

        // The well-known SHA-256 of "abc", so the stored form is interoperable with any tool that hashes keys.
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKey.Hash("abc"));
    }

    [Theory]
    [InlineData(null, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "reader", "Name")]
    [InlineData("ci", "trb_plainkeypastedbymistake", "reader", "Hash")]
    [InlineData("ci", "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "reader", "Hash")]
    [InlineData("ci", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "", "Roles")]
    [InlineData("ci", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "reader,superuser", "superuser")]
    public void A_bad_entry_is_refused_naming_the_setting(string? name, string hash, string roles, string named)
    {
        var errors = new List<string>();

        var entries = ApiKeyRing.Parse([("Tributary:Security:ApiKeys:3", name, hash, roles)], errors);

        Assert.Empty(entries);
        var error = Assert.Single(errors);
        Assert.Contains("Tributary:Security:ApiKeys:3", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_with_one_name_are_refused()
    {
        var errors = new List<string>();

        ApiKeyRing.Parse(
        [
            ("k:0", "ci", ApiKey.Hash("a"), "reader"),
            ("k:1", "CI", ApiKey.Hash("b"), "operator"),
        ], errors);

        Assert.Contains("'ci' is used twice", Assert.Single(errors), StringComparison.Ordinal);
    }
}
