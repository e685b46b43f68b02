using CodePilotLocal.Core.Completion;
using CodePilotLocal.Indexing;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.Server.Evaluation;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Server.Tests.Evaluation;

/// <summary>
/// The guard's guarantee on real multi-file code: this repository's own Core sources, indexed as a git
/// repository, with the text after dozens of member-access dots held out and completed by a random-weight
/// model (the guarantee, not quality: a random model names random things, and only the guard stops it).
/// </summary>
[Trait("Category", "Model")]
public sealed class GuardedEvalTests : IDisposable
{
    private readonly GitWorkspace _git = new();
    private readonly TempDirectory _cache = new();

    public GuardedEvalTests()
    {
        var core = Path.Combine(TestPaths.RepositoryRoot, "src", "CodePilotLocal.Core");
        var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(core, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            // The workspace has Core's sources, not its packages: a file using one (DiffPlex) has receivers no compilation
            // here resolves, where the guard rightly stands aside; the sites must all be ones it can judge.
            .Where(f => !f.Text.Contains("using DiffPlex", StringComparison.Ordinal))
            .Select(f => (f.Path, f.Text))
            .ToArray();
        _git.Commit("Core", files);
    }

    public static TheoryData<string> Models() => [ServerModels.Fim, "tiny-qwen"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task At_dozens_of_member_accesses_the_guarded_suggestion_names_only_existing_members(string model)
    {
        using var index = WorkspaceIndex.Open(_git.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        await using var engine = await LlamaSharpEngine.LoadAsync(
            model == "tiny-qwen" ? TinyModels.Qwen : model, new InferenceOptions { ContextSize = 2048 }, NullLogger.Instance, CancellationToken.None);
        var options = new CompletionOptions { ContextTokens = 256, SingleLineMaxTokens = 12, TimeBudget = TimeSpan.FromSeconds(20) };

        var report = await new EvalRunner(index, options, engine).RunAsync(new EvalOptions(40, Seed: 3, EvalSites.MemberAccesses), null, CancellationToken.None);

        var judged = report.Samples.Where(s => s.IdentifiersValid is not null).ToList();
        Assert.True(judged.Count >= 24, $"only {judged.Count} of {report.N} suggestions to judge");
        Assert.True(report.GuardedSites >= report.N, $"{report.GuardedSites} guarded sites for {report.N} samples cut after a dot");
        Assert.All(judged, s => Assert.True(s.IdentifiersValid, $"{s.Path}:{s.Line}: '{s.BeforeCompileCheck}' for '{s.Expected}'"));
        Assert.Equal(1.0, report.IdentifierValidity);
        Assert.NotNull(report.UnguardedIdentifierValidity); // measured, whatever it is: the unguarded run is the comparison
        Assert.NotNull(report.Compiles);
        Assert.NotNull(report.GuardMicrosecondsP50);
    }

    public void Dispose()
    {
        _git.Dispose();
        _cache.Dispose();
    }
}
