using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Inference.Tests.Gguf;

public sealed class GgufReaderTests
{
    [SkippableFact]
    public void Reads_the_real_starcoder_tokenizer()
    {
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");

        var file = GgufReader.Read(TestPaths.SharedModel("ggml-vocab-starcoder.gguf"));

        Assert.Equal(3u, file.Version);
        Assert.Equal("starcoder2", file.Architecture);
        var tokens = file.GetStringArray("tokenizer.ggml.tokens")!;
        Assert.Equal(49_152, tokens.Length);
        Assert.Equal("<fim_prefix>", tokens[1]);
        Assert.Empty(file.Tensors);
    }

    [SkippableFact]
    public void Reads_tensor_directory_and_llama_hyperparameters_of_stories260K()
    {
        Skip.IfNot(TestPaths.HasSharedModel("stories260K.gguf"), "../shared/models is absent");

        var file = GgufReader.Read(TestPaths.SharedModel("stories260K.gguf"));

        Assert.Equal("llama", file.Architecture);
        Assert.Equal(2048, file.GetArchInteger("context_length"));
        Assert.Equal(48, file.Tensors.Count);
        Assert.Equal(292_800UL, file.Tensors.Aggregate(0UL, (s, t) => s + t.ElementCount));
    }

    [Fact]
    public void A_missing_file_is_reported_by_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => GgufReader.Read("/nonexistent/model.gguf"));
        Assert.Contains("/nonexistent/model.gguf", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_gguf_says_what_it_starts_with()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("model.gguf", "<html><body>404 Not Found</body></html>");

        var e = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Contains("not a GGUF model", e.Message);
        Assert.Contains("<htm", e.Message);
    }

    [Fact]
    public void A_truncated_download_is_reported_as_truncated()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(TinyModels.Qwen);
        foreach (var keep in new[] { 20, 100, bytes.Length / 2, bytes.Length - 100 })
        {
            var path = dir.File($"cut-{keep}.gguf");
            File.WriteAllBytes(path, bytes[..keep]);

            var e = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

            Assert.True(e.Message.Contains("truncated") || e.Message.Contains("only"), e.Message);
        }
    }

    [Fact]
    public void Written_metadata_reads_back_with_its_types()
    {
        using var dir = new TempDirectory();
        var path = dir.File("meta.gguf");
        new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("llama.context_length", 1024u)
            .Add("x.float", 0.5f)
            .Add("x.flag", true)
            .Add("x.list", new GgufArray(GgufValueType.Int32, new[] { 1, 2, 3 }))
            .AddTensor("t", [32, 2], GgmlType.Q8_0, s => s.Write(new byte[68]))
            .WriteTo(path);

        var file = GgufReader.Read(path);

        Assert.Equal(1024, file.GetArchInteger("context_length"));
        Assert.Equal(0.5f, file.Metadata["x.float"]);
        Assert.Equal(true, file.GetBool("x.flag"));
        Assert.Equal([1, 2, 3], file.GetInt32Array("x.list")!);
        Assert.Equal(64UL, Assert.Single(file.Tensors).ElementCount);
        Assert.Equal(0, file.DataOffset % 32);
    }
}
