using System.Text.Json.Nodes;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// What reaches the model, read where the model reads it: the stand-in inference server records the exact
/// prompt text of every request. A real git workspace plants secrets (.env, a key file, a token in a tracked
/// config, a key typed into the open document), ignored files (.gitignore, .codepilotignore) and a symbolic
/// link to a folder outside; the document mentions them all by name so that similar-code search would find
/// them if they were indexed. None of their text may appear; paths outside the workspace, through "..", and
/// through the link are refused repository context.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class PromptBoundaryTests
{
    private const string TypedKey = "AKIAZ7Q3R5T2W9Y4U6P8";

    [Fact]
    public async Task The_prompt_that_reaches_the_model_holds_no_secret_ignored_or_outside_text()
    {
        await using var model = new InferenceServerStandIn();
        using var shop = new ShopWorkspace();
        await using var server = LspProcess.Start("--backend", "llama-server", "--endpoint", model.Endpoint.ToString());
        await server.InitializeAsync(null, shop.Root);
        await server.NextLogMessageAsync("Indexed");

        var header = $"// See PrivateNotes, GeneratedSecretThing, OutsideSecret, server.key, appsettings GitHubToken, API_KEY.\n// aws_access_key_id = \"{TypedKey}\"\n";
        var text = header + shop.OrderServiceText;
        var uri = new Uri(Path.Combine(shop.Root, ShopWorkspace.OrderServicePath));
        await server.OpenAsync(uri, text);
        var (line, character) = shop.CursorPosition;
        await server.InlineCompletionAsync(uri, line + 2, character);

        var prompt = (string)model.CompletionRequests.Last().Body!["prompt"]!;
        Assert.Contains("public void AddLine(string sku, int quantity, decimal unitPrice);", prompt); // repository context is there
        foreach (var forbidden in new[]
        {
            ShopWorkspace.PlantedToken, ShopWorkspace.EnvSecret, TypedKey, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
            "namespace Private;", "namespace Build;", "namespace Outside;", "log line",
        })
        {
            Assert.DoesNotContain(forbidden, prompt);
        }

        // A file outside the workspace, the same through "..", and one reached through the link: completions
        // work on their own text, with no repository context, and codepilot/context refuses them.
        var outside = Path.Combine(shop.OutsideFolder, "Outside.cs");
        var outsideText = await File.ReadAllTextAsync(outside);
        foreach (var path in new[] { outside, shop.Root + "/../" + Path.GetFileName(shop.OutsideFolder) + "/Outside.cs", Path.Combine(shop.Root, "linked", "Outside.cs") })
        {
            var document = "file://" + path;
            await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = document, languageId = "csharp", version = 1, text = outsideText } });
            var at = new { textDocument = new { uri = document }, position = new { line = 0, character = 10 } };

            var context = await server.RequestAsync("codepilot/context", at);
            await server.RequestAsync("textDocument/inlineCompletion", at);

            Assert.Equal(-32602, (int?)context["error"]?["code"]);
            Assert.Contains("outside the workspace", (string?)context["error"]?["message"]);
            var outsidePrompt = (string)model.CompletionRequests.Last().Body!["prompt"]!;
            Assert.Contains("public class OutsideSecret", outsidePrompt); // the document itself, which the user opened
            Assert.DoesNotContain("AddLine", outsidePrompt);
            Assert.DoesNotContain("<|file_sep|>src/", outsidePrompt);
        }

        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }
}
