using CodePilotLocal.Core.Context;
using System.Text.Json;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Tests.Services;

public sealed class SettingsReaderTests
{
    private static ServerSettings Read(string json, List<string>? problems = null) =>
        SettingsReader.Apply(new ServerSettings(), JsonDocument.Parse(json).RootElement, problems ?? []);

    [Fact]
    public void Flat_keys_are_read()
    {
        var settings = Read("""{"model":"/m.gguf","gpuLayers":20,"threads":4,"contextSize":8192,"cacheReuse":0,"maxTokens":64,"singleLineMaxTokens":16,"timeBudgetMs":900,"enable":false}""");

        Assert.Equal("/m.gguf", settings.ModelPath);
        Assert.Equal((20, 4, 8192, 0), (settings.Inference.GpuLayers, settings.Inference.Threads, settings.Inference.ContextSize, settings.Inference.CacheReuseChunk));
        Assert.Equal((64, 16), (settings.Completion.MultiLineMaxTokens, settings.Completion.SingleLineMaxTokens));
        Assert.Equal(TimeSpan.FromMilliseconds(900), settings.Completion.TimeBudget);
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Remote_backend_keys_are_read_and_a_key_in_settings_is_refused()
    {
        var problems = new List<string>();

        var backend = Read("""{"backend":"openai","endpoint":"https://gpu-box:8000/v1","modelName":"qwen","backendMode":"remote-first","apiKeyEnv":"TEAM_KEY","remoteTimeoutMs":2500,"verifyTls":false,"fimTemplate":"qwen","slot":3,"apiKey":"sk-123"}""", problems).Backend;

        Assert.Equal((BackendKind.OpenAi, "https://gpu-box:8000/v1", "qwen", BackendMode.RemoteFirst), (backend.Kind, backend.Endpoint?.ToString(), backend.ModelName, backend.Mode));
        Assert.Equal(("TEAM_KEY", TimeSpan.FromMilliseconds(2500), false, "qwen", 3), (backend.ApiKeyVariable, backend.Timeout, backend.VerifyTls, backend.FimTemplate, backend.Slot));
        Assert.Contains("does not belong in settings", Assert.Single(problems));
        Assert.DoesNotContain("sk-123", problems[0]);
        Assert.False(new ServerSettings().Backend.IsRemote); // off unless configured
    }

    [Fact]
    public void The_guard_and_healing_are_on_unless_turned_off_and_a_wrong_value_is_reported()
    {
        var problems = new List<string>();

        Assert.True(new ServerSettings().Completion.SemanticGuard && new ServerSettings().Completion.TokenHealing);
        var off = Read("""{"codepilot":{"semanticGuard":false,"tokenHealing":false}}""");
        Assert.False(off.Completion.SemanticGuard || off.Completion.TokenHealing);
        Assert.True(Read("""{"semanticGuard":"no"}""", problems).Completion.SemanticGuard);
        Assert.Contains("semanticGuard", Assert.Single(problems));
    }

    [Fact]
    public void Warm_places_and_draft_tokens_are_read_within_their_limits()
    {
        var problems = new List<string>();

        var settings = Read("""{"warmPlacesMb":64,"draftTokens":8}""");
        Assert.Equal((64L << 20, 8), (settings.Inference.WarmPlacesBytes, settings.Inference.DraftTokens));
        Assert.Equal(0, new ServerSettings().Inference.DraftTokens);
        Assert.Equal(0, Read("""{"draftTokens":100}""", problems).Inference.DraftTokens);
        Assert.Contains("draftTokens", Assert.Single(problems));
    }

    [Fact]
    public void Usage_statistics_are_on_unless_turned_off()
    {
        var problems = new List<string>();

        Assert.True(new ServerSettings().UsageStats);
        Assert.False(Read("""{"codepilot":{"usageStats":false}}""").UsageStats);
        Assert.True(Read("""{"usageStats":"off"}""", problems).UsageStats);
        Assert.Contains("usageStats", Assert.Single(problems));
    }

    [Fact]
    public void Next_edit_settings_name_a_model_turn_it_off_and_choose_a_known_format()
    {
        var problems = new List<string>();

        var settings = Read("""{"nextEditModel":"/m/sweep.gguf","nextEdit":false,"nextEditFormat":"zeta","nextEditModelName":"sweep-1.5b","nextEditInline":false}""");
        Assert.Equal(("/m/sweep.gguf", false, "zeta", "sweep-1.5b", false),
            (settings.NextEditModelPath, settings.NextEdit, settings.NextEditFormat, settings.NextEditModelName, settings.NextEditInline));
        Assert.True(new ServerSettings().NextEdit);
        Assert.True(new ServerSettings().NextEditInline);
        Assert.Null(Read("""{"nextEditFormat":"cursor-tab"}""", problems).NextEditFormat);
        Assert.Contains("nextEditFormat", Assert.Single(problems));
    }

    [Fact]
    public void The_fim_order_is_psm_unless_spm_is_asked_for()
    {
        var problems = new List<string>();

        Assert.Equal(FimOrder.SuffixPrefixMiddle, Read("""{"fimOrder":"spm"}""").Completion.FimOrder);
        Assert.Equal(FimOrder.PrefixSuffixMiddle, Read("""{"fimOrder":"sideways"}""", problems).Completion.FimOrder);
        Assert.Single(problems);
    }

    [Fact]
    public void The_context_scope_is_place_unless_file_is_asked_for()
    {
        var problems = new List<string>();

        Assert.Equal(ContextScope.Place, new ServerSettings().Completion.ContextScope);
        Assert.Equal(ContextScope.File, Read("""{"contextScope":"file"}""").Completion.ContextScope);
        Assert.Equal(ContextScope.Place, Read("""{"contextScope":"repository"}""", problems).Completion.ContextScope);
        Assert.Contains("contextScope", Assert.Single(problems));
    }

    [Fact]
    public void Unknown_backends_modes_templates_and_bad_urls_are_reported()
    {
        var problems = new List<string>();

        var backend = Read("""{"backend":"cloud","endpoint":"not a url","backendMode":"sometimes","fimTemplate":"gpt","apiKeyEnv":"1 bad"}""", problems).Backend;

        Assert.Equal(new RemoteBackendOptions(), backend);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void A_codepilot_section_is_read_like_flat_keys()
    {
        Assert.Equal(7, Read("""{"codepilot":{"threads":7},"other":{"threads":1}}""").Inference.Threads);
    }

    [Fact]
    public void Wrong_types_and_out_of_range_values_are_ignored_and_reported()
    {
        var problems = new List<string>();

        var settings = Read("""{"threads":"many","contextSize":-1,"maxTokens":64,"unknownKey":1}""", problems);

        Assert.Null(settings.Inference.Threads);
        Assert.Null(settings.Inference.ContextSize);
        Assert.Equal(64, settings.Completion.MultiLineMaxTokens);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("'threads'"));
    }

    [Fact]
    public void A_non_object_changes_nothing()
    {
        var settings = SettingsReader.Apply(new ServerSettings(), JsonDocument.Parse("[1,2]").RootElement, []);

        Assert.Equal(new ServerSettings().Completion, settings.Completion);
    }
}
