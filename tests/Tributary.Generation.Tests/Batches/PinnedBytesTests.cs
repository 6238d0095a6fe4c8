using Tributary.Generation.Batches;
using Tributary.Generation.Output;

namespace Tributary.Generation.Tests.Batches;

/// <summary>
/// The bytes of a few batches, pinned by SHA-256 as the writers produced them before their hot paths were rewritten
/// (2026-12-06): a faster writer must write the same files for the same seed. The Parquet hashes also depend on
/// Parquet.Net's version (its name is in the footer); after an upgrade, check the rows are unchanged before re-pinning.
/// </summary>
public class PinnedBytesTests
{
    [Theory]
    [InlineData(OutputFormat.Csv, false, 1_525_951, "858ceddec545190b49c2a5719b1e1455e6deb8384aac9aaf94dc754afd6cef78")]
    [InlineData(OutputFormat.Csv, true, 3_803_424, "58fadea42a6c6b321a3a11c23ab38789d0761b12c84ea7a424417fc9c19e7cd8")]
    [InlineData(OutputFormat.Jsonl, true, 20_961_912, "a24168b226382fd142444c3d4d9ac7c061101302d75aa06a06be78983dc2a375")]
    [InlineData(OutputFormat.Parquet, false, 467_998, "b58d3e14f27c034714cdf4326fa1cc7ea12c1ce294b62dcb997cc117f4c77289")]
    [InlineData(OutputFormat.Parquet, true, 1_337_370, "671b1ce5e46f7dfb3e5fa43822a135eed4567185b4f46ec37e479fea88b6e49d")]
    public async Task A_batch_of_the_default_population_has_its_pinned_bytes(OutputFormat format, bool features, long bytes, string sha256)
    {
        var spec = new GenerationRunSpec { Seed = 7, TotalCount = 30_000, BatchSize = 10_000 };

        var summary = await BatchWriter.WriteAsync(spec, 1, format, features, Stream.Null);

        Assert.Equal(bytes, summary.Bytes);
        Assert.Equal(sha256, summary.Sha256);
    }

    [Fact]
    public async Task A_parquet_batch_of_several_row_groups_has_its_pinned_bytes()
    {
        // 150,000 rows: two full row groups of 65,536 and a short third one.
        var spec = new GenerationRunSpec { Seed = 3, TotalCount = 150_000, BatchSize = 150_000 };

        var summary = await BatchWriter.WriteAsync(spec, 0, OutputFormat.Parquet, true, Stream.Null);

        Assert.Equal(20_827_546, summary.Bytes);
        Assert.Equal("ba952e59717eb589472f9c8964745c14d4efd83efa8eb57279b0b5764ce27a51", summary.Sha256);
    }
}
