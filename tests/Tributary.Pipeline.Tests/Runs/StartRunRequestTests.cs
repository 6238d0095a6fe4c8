using System.Text;
using Tributary.Pipeline.Hpi;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Runs;

public sealed class StartRunRequestTests
{
    private readonly PartsWorkload _parts = new();

    private readonly HpiWorkload _hpi = new(new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System));

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    public void An_empty_body_starts_with_every_default(string body)
    {
        Assert.True(StartRunRequest.TryParse(Utf8(body), _parts, out var start, out var errors));

        Assert.Empty(errors);
        Assert.Null(start.InstanceId);
        Assert.Null(start.Run.Source);
        Assert.Null(start.Run.Parameters);
        Assert.Null(start.Run.Drop);
        Assert.Equal(start.Run, Assert.Single(_parts.Validated));
    }

    [Fact]
    public void A_valid_body_gives_the_id_the_folder_and_the_parameters()
    {
        var body = """{"id": "t-1.a_b", "source": {"container": "hpi-drop", "prefix": "market-7"}, "parameters": {"parts": 4}}""";

        Assert.True(StartRunRequest.TryParse(Utf8(body), _parts, out var start, out var errors));

        Assert.Empty(errors);
        Assert.Equal("t-1.a_b", start.InstanceId);
        Assert.Equal(new BlobFolder("hpi-drop", "market-7/"), start.Run.Source);
        Assert.Equal(4, start.Run.Parameters!.Value.GetProperty("parts").GetInt32());
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("not json", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("\"hpi\"", "body")]
    [InlineData("""{"id": 5}""", "id")]
    [InlineData("""{"source": "hpi-drop/x/"}""", "source")]
    [InlineData("""{"source": {"container": ["hpi-drop"]}}""", "source.container")]
    [InlineData("""{"source": {"container": "hpi-drop", "prefix": }}""", "source.prefix")]
    [InlineData("""{"parameters": {"parts": }}""", "parameters")]
    public void Malformed_json_names_where_it_breaks_and_skips_the_workload(string body, string field)
    {
        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out var start, out var errors));

        Assert.Null(start);
        var (reported, problem) = Assert.Single(errors);
        Assert.Equal(field, reported);
        Assert.StartsWith("not valid JSON here (", problem);
        Assert.DoesNotContain("Path:", problem);
        Assert.DoesNotContain("LineNumber", problem);
        Assert.Empty(_parts.Validated);
    }

    [Theory]
    [InlineData("no/slashes")]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("spaces are not allowed")]
    public void A_bad_id_is_reported_as_id(string id)
    {
        Assert.False(StartRunRequest.TryParse(Utf8($$"""{"id": "{{id}}"}"""), _parts, out _, out var errors));

        var (field, problem) = Assert.Single(errors);
        Assert.Equal("id", field);
        Assert.Contains("1-128 letters", problem);
    }

    [Fact]
    public void An_id_of_129_characters_is_too_long_and_one_of_128_is_not()
    {
        Assert.False(StartRunRequest.TryParse(Utf8($$"""{"id": "{{new string('a', 129)}}"}"""), _parts, out _, out var tooLong));
        Assert.True(StartRunRequest.TryParse(Utf8($$"""{"id": "{{new string('a', 128)}}"}"""), _parts, out var start, out _));

        Assert.Equal("id", Assert.Single(tooLong).Field);
        Assert.Equal(128, start.InstanceId!.Length);
    }

    [Theory]
    [InlineData("""{"source": {}}""")]
    [InlineData("""{"source": {"prefix": "market-7/"}}""")]
    [InlineData("""{"source": {"container": "  ", "prefix": "market-7/"}}""")]
    public void A_source_without_a_container_names_source_container(string body)
    {
        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out _, out var errors));

        var (field, problem) = Assert.Single(errors);
        Assert.Equal("source.container", field);
        Assert.Equal("is required when source is given", problem);
        Assert.Null(Assert.Single(_parts.Validated).Source);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("/", "")]
    [InlineData("//", "")]
    [InlineData("market-7", "market-7/")]
    [InlineData("market-7/", "market-7/")]
    [InlineData("/market-7//", "market-7/")]
    [InlineData("2026/11/market-7", "2026/11/market-7/")]
    public void The_prefix_becomes_a_folder_ending_in_one_slash_or_the_container_root(string? prefix, string expected)
    {
        var body = prefix is null ? """{"source": {"container": "hpi-drop"}}""" : $$$"""{"source": {"container": "hpi-drop", "prefix": "{{{prefix}}}"}}""";

        Assert.True(StartRunRequest.TryParse(Utf8(body), _parts, out var start, out _));

        Assert.Equal(new BlobFolder("hpi-drop", expected), start.Run.Source);
    }

    [Fact]
    public void A_workloads_own_errors_pass_through_with_their_fields()
    {
        Assert.False(StartRunRequest.TryParse(Utf8("""{"parameters": {"minHalfPairs": 0}}"""), _hpi, out _, out var hpi));
        Assert.False(StartRunRequest.TryParse(Utf8("""{"parameters": {"parts": 11}}"""), _parts, out _, out var unnamed));

        Assert.Equal(["source", "parameters.minHalfPairs"], hpi.Select(e => e.Field));
        Assert.Contains("folder with transactions.csv", hpi[0].Problem);
        Assert.Equal(("parameters", "parts must be between 1 and 10"), Assert.Single(unnamed));
    }

    [Theory]
    [InlineData("""{"parts": "many"}""", "parameters.parts", "has the wrong type")]
    [InlineData("""[4]""", "parameters", "has the wrong type")]
    public void A_wrong_typed_parameter_the_workload_lets_escape_names_its_path_and_what_was_expected(string parameters, string field, string problem)
    {
        Assert.False(StartRunRequest.TryParse(Utf8($$"""{"parameters": {{parameters}}}"""), _parts, out _, out var errors));

        Assert.Equal((field, problem), Assert.Single(errors));
        Assert.DoesNotContain("System.", problem);
    }

    [Fact]
    public void A_wrong_typed_parameter_a_real_workload_catches_names_its_path()
    {
        var body = """{"source": {"container": "hpi-drop", "prefix": "x"}, "parameters": {"startYear": "soon"}}""";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _hpi, out _, out var errors));

        Assert.Equal(("parameters.startYear", "has the wrong type: expected a whole number"), Assert.Single(errors));
    }

    [Fact]
    public void Every_problem_of_a_well_formed_body_is_reported_in_order()
    {
        var body = """{"id": "a/b", "source": {"prefix": "x"}, "parameters": {"parts": 0}}""";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out var start, out var errors));

        Assert.Null(start);
        Assert.Equal(["id", "source.container", "parameters"], errors.Select(e => e.Field));
    }

    [Fact]
    public async Task A_body_up_to_the_cap_is_read_whole_and_one_byte_more_is_refused_without_reading_on()
    {
        var atCap = new byte[StartRunRequest.MaxBodyBytes];
        atCap.AsSpan().Fill((byte)' ');
        var overCap = new MemoryStream(new byte[StartRunRequest.MaxBodyBytes * 4], writable: false);

        var read = await StartRunRequest.ReadBodyAsync(new MemoryStream(atCap), CancellationToken.None);
        var refused = await StartRunRequest.ReadBodyAsync(overCap, CancellationToken.None);

        Assert.Equal(StartRunRequest.MaxBodyBytes, read!.Length);
        Assert.Null(refused);
        Assert.Equal(StartRunRequest.MaxBodyBytes + 1, overCap.Position);
    }

    [Theory]
    [InlineData("""{"paramters": {}}""", "paramters", "did you mean `parameters`?")]
    [InlineData("""{"ID": "r-1", "sauce": {}}""", "sauce", "did you mean `source`?")]
    [InlineData("""{"source": {"container": "hpi-drop", "prefx": "x"}}""", "source.prefx", "did you mean `prefix`?")]
    [InlineData("""{"zzzzzzzz": 1}""", "zzzzzzzz", "known keys: `id`, `source`, `parameters`")]
    public void An_unknown_key_of_the_body_is_named_with_the_closest_known_key(string body, string field, string suggestion)
    {
        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out _, out var errors));

        var (reported, problem) = Assert.Single(errors);
        Assert.Equal(field, reported);
        Assert.Contains($"unknown key `{field.Split('.')[^1]}`", problem);
        Assert.EndsWith(suggestion, problem);
    }

    [Fact]
    public void A_misspelt_parameter_of_a_real_workload_is_named_with_the_closest_known_key()
    {
        var body = """{"source": {"container": "hpi-drop", "prefix": "x"}, "parameters": {"datset": "mine"}}""";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _hpi, out _, out var errors));

        Assert.Equal(("parameters.datset", "unknown key `datset`; did you mean `dataset`?"), Assert.Single(errors));
    }

    [Fact]
    public void Invalid_json_names_its_line_and_column()
    {
        var body = "{\n  \"id\": \"r-1\",\n  \"source\": ,\n}";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out _, out var errors));

        var (field, problem) = Assert.Single(errors);
        Assert.Equal("source", field);
        Assert.StartsWith("not valid JSON here (line 3, column 13: ", problem);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("quarantine")]
    [InlineData("hpi-output")]
    [InlineData("azure-webjobs-hosts")]
    public void A_source_outside_the_drop_containers_is_refused(string container)
    {
        var body = $$$"""{"source": {"container": "{{{container}}}", "prefix": "x"}}""";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out _, out var errors));

        var (field, problem) = Assert.Single(errors);
        Assert.Equal("source.container", field);
        Assert.Contains("is not a drop container; input is read from hpi-drop, recon-drop, forecast-drop, gen-requests", problem);
    }

    [Theory]
    [InlineData("../other")]
    [InlineData("a/../../b")]
    [InlineData(@"a\\b")] // JSON for a\b
    public void A_source_prefix_that_climbs_out_of_its_folder_is_refused(string prefix)
    {
        var body = $$$"""{"source": {"container": "hpi-drop", "prefix": "{{{prefix}}}"}}""";

        Assert.False(StartRunRequest.TryParse(Utf8(body), _parts, out _, out var errors));

        Assert.Equal("source.prefix", Assert.Single(errors).Field);
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
