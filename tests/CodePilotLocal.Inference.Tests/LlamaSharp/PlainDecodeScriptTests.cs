using System.Text.RegularExpressions;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Inference.Tests.LlamaSharp;

/// <summary>eng/plain-decode/compare.sh, which the README's speed figures name: it builds, runs both sides, and prints their figures.</summary>
[Trait("Category", "Model")]
public sealed partial class PlainDecodeScriptTests
{
    [SkippableFact]
    public async Task Compares_llama_server_with_plain_decoding_on_LLamaSharps_library()
    {
        Skip.If(SharedLlamaServer.Absent is not null, SharedLlamaServer.Absent);
        Skip.If(Programs.Which("gcc") is null || Programs.Which("curl") is null, "gcc or curl is absent");
        Skip.IfNot(TestPaths.HasSharedModel("ggml-vocab-starcoder.gguf"), "../shared/models is absent");

        var (exitCode, output) = await Programs.RunAsync("bash",
            [Path.Combine(TestPaths.RepositoryRoot, "eng", "plain-decode", "compare.sh"), TinyModels.StarCoderVocabulary, "64", "8", "1", SharedLlamaServer.Binary],
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, output);
        var lines = Figures().Matches(output).ToDictionary(m => m.Groups["side"].Value, m => (Prompt: int.Parse(m.Groups["prompt"].Value), Generated: int.Parse(m.Groups["generated"].Value)));
        Assert.Equal((64, 8), lines["llama-server"]);
        Assert.Equal((64, 8), lines["plain-decode (LLamaSharp's libllama.so)"]);
    }

    [GeneratedRegex(@"^(?<side>[^:\n]+): prompt (?<prompt>\d+) tokens [\d.]+ tokens/s, generation (?<generated>\d+) tokens [\d.]+ tokens/s$", RegexOptions.Multiline)]
    private static partial Regex Figures();
}
