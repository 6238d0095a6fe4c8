using Tributary.Host.Serve.Security;

namespace Tributary.Host.Tests.Serve.Security;

public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("http://localhost:7071")]
    [InlineData("http://[::1]:7071")]
    [InlineData("https://127.0.0.1:0/")]
    [InlineData("http://127.0.0.1:7071;http://[::1]:7072")]
    public void Loopback_urls_are_accepted(string urls)
    {
        Assert.Empty(ListenAddresses.NonLoopback(urls));
        Assert.Null(ListenAddresses.Refusal(urls, hasConfiguredCredentials: false));
    }

    [Theory]
    [InlineData("http://0.0.0.0:7071")]
    [InlineData("http://*:7071")]
    [InlineData("http://+:7071")]
    [InlineData("http://[::]:7071")]
    [InlineData("http://192.168.1.5:7071")]
    [InlineData("http://tributary.lan:7071")]
    public void Non_loopback_urls_are_refused_without_configured_credentials(string urls)
    {
        var refusal = ListenAddresses.Refusal(urls, hasConfiguredCredentials: false);

        Assert.Equal([urls], ListenAddresses.NonLoopback(urls));
        Assert.NotNull(refusal);
        Assert.Contains("Tributary:Security:ApiKeys:0:Name", refusal);
        Assert.Contains("Tributary:Security:Oidc:Authority", refusal);
        Assert.Contains("only the generated local admin key", refusal);
        Assert.Null(ListenAddresses.Refusal(urls, hasConfiguredCredentials: true));
    }

    [Fact]
    public void One_exposed_url_among_loopback_ones_is_named()
    {
        Assert.Equal(["http://0.0.0.0:7072"], ListenAddresses.NonLoopback("http://127.0.0.1:7071; http://0.0.0.0:7072"));
    }
}
