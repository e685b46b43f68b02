using CodePilotLocal.Core.Completion;
using CodePilotLocal.Indexing;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.LlamaSharp;
using CodePilotLocal.Server.Services;
using CodePilotLocal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Server.Tests.Services;

/// <summary>Healing and the compile check around one completion, on the shop workspace with real Roslyn and a real engine.</summary>
[Trait("Category", "Model")]
public sealed class CompletionGuidanceTests : IAsyncLifetime
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();
    private WorkspaceIndex? _index;
    private LlamaSharpEngine? _engine;

    public async Task InitializeAsync()
    {
        _index = WorkspaceIndex.Open(_shop.Root, databasePath: _cache.File("index.db"));
        await _index.UpdateAsync();
        _engine = await LlamaSharpEngine.LoadAsync(TinyModels.Qwen, new InferenceOptions { ContextSize = 512 }, NullLogger.Instance, CancellationToken.None);
    }

    private CompletionGuidance Prepare(string typed, CompletionOptions? options = null)
    {
        var text = _shop.OrderServiceText.Insert(_shop.CursorOffset, typed);
        var offset = _shop.CursorOffset + typed.Length;
        options ??= new CompletionOptions();
        return CompletionGuidance.Prepare(_engine!, options, CompletionContextFactory.Create(text, offset, options), _index!.CSharp, ShopWorkspace.OrderServicePath, text, offset);
    }

    [Theory]
    [InlineData("Total;", "Total;")] // exists: kept whole
    [InlineData("TotalPrize;", "")] // invented at the start: nothing left
    [InlineData("AddLine(\"sku\", 1, 2m);\n        var n = Helpr(2);", "AddLine(\"sku\", 1, 2m);\n        var n =")] // cut before the invented name
    [InlineData("Lines.Count", "Lines.Count")] // no ';' yet: incomplete typing is never cut
    public void The_compile_check_cuts_before_the_first_name_that_does_not_exist(string suggestion, string shown)
    {
        var guidance = Prepare("");

        Assert.Equal(shown, guidance.CheckCompiles(suggestion, CancellationToken.None));
        Assert.Equal(suggestion, guidance.Unchecked);
        Assert.Equal(shown == suggestion, guidance.Cut.Count == 0);
    }

    [Fact]
    public void Healing_takes_the_typed_word_off_the_prompt_and_off_the_generated_text()
    {
        var guidance = Prepare("Tot");

        Assert.Equal("Tot", guidance.Healed);
        Assert.EndsWith("invoice.", guidance.PromptContext.Prefix);
        Assert.Equal("al;", guidance.AfterCursor("Total;"));
        Assert.Equal("", guidance.AfterCursor("Count;")); // the generation did not reproduce it: nothing to show
        Assert.NotNull(guidance.Request?.Oracle);
    }

    [Fact]
    public void Turned_off_there_is_no_healing_no_guard_and_no_cut()
    {
        var guidance = Prepare("Tot", new CompletionOptions { SemanticGuard = false, TokenHealing = false });

        Assert.Equal("", guidance.Healed);
        Assert.Null(guidance.Request);
        Assert.Equal("alPrize;", guidance.CheckCompiles("alPrize;", CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        _index?.Dispose();
        _shop.Dispose();
        _cache.Dispose();
    }
}
