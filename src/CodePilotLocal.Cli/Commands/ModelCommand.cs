using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CodePilotLocal.Inference.Gguf;
using CodePilotLocal.Inference.Models;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot model list|pull|import|info|make-tiny`: the recommended models and which are in the cache,
/// download one (the only network use, on request), bring one in by hand, look inside a GGUF, or write a
/// random-weight one.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "List, download, import and inspect GGUF models, or generate random-weight ones for tests and benchmarks.");
        command.Subcommands.Add(ModelAcquisitionCommands.CreateList());
        command.Subcommands.Add(ModelAcquisitionCommands.CreatePull());
        command.Subcommands.Add(ModelAcquisitionCommands.CreateImport());
        command.Subcommands.Add(CreateInfo());
        command.Subcommands.Add(CreateMakeTiny());
        return command;
    }

    private static Command CreateInfo()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "GGUF model file" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("info", "Print a model's metadata and the FIM template its vocabulary supports.") { file, json };
        command.SetAction(parse =>
        {
            ModelInfo model;
            try
            {
                model = ModelInspector.Inspect(parse.GetValue(file)!.FullName);
            }
            catch (Exception e) when (e is GgufFormatException or FileNotFoundException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model.Path, model.Name, model.Architecture, model.FileSize, model.TensorCount, model.ParameterCount,
                    model.ContextLength, model.EmbeddingLength, model.BlockCount, model.TokenizerModel, model.VocabularySize,
                    fimTemplate = model.FimTemplate?.Name, stopTokens = model.FimTemplate?.StopTokens,
                    repositoryContext = model.FimTemplate?.SupportsRepositoryContext ?? false,
                    model.HasChatTemplate, randomWeights = ModelLocator.IsRandomTestModel(model),
                    completionBlocker = model.CompletionBlocker,
                }));
                return 0;
            }

            Console.WriteLine($"file:            {model.Path} ({model.FileSize / 1024.0 / 1024.0:F1} MiB)");
            Console.WriteLine($"name:            {model.Name}");
            Console.WriteLine($"architecture:    {model.Architecture}");
            Console.WriteLine($"parameters:      {model.ParameterCount:N0} in {model.TensorCount} tensors{(model.IsVocabularyOnly ? " (vocabulary only: cannot generate)" : "")}");
            Console.WriteLine($"context length:  {model.ContextLength?.ToString() ?? "?"}");
            Console.WriteLine($"embedding/layers: {model.EmbeddingLength?.ToString() ?? "?"} / {model.BlockCount?.ToString() ?? "?"}");
            Console.WriteLine($"tokenizer:       {model.TokenizerModel ?? "?"}, {model.VocabularySize:N0} tokens");
            Console.WriteLine($"chat template:   {(model.HasChatTemplate ? "yes" : "no")}");
            if (model.FimTemplate is { } template)
            {
                Console.WriteLine($"FIM template:    {template.Name} ({template.PrefixToken} {template.SuffixToken} {template.MiddleToken}){(template.SupportsRepositoryContext ? ", repo-level " + template.RepoNameToken + " " + template.FileSeparatorToken : "")}");
                Console.WriteLine($"stop tokens:     {string.Join(" ", template.StopTokens)}");
            }
            else
            {
                Console.WriteLine($"FIM template:    none. {model.CompletionBlocker}");
            }

            if (ModelLocator.IsRandomTestModel(model))
            {
                Console.WriteLine("weights:         RANDOM (a test model: its text is noise)");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateMakeTiny()
    {
        var output = new Argument<FileInfo>("OUT") { Description = "Where to write the GGUF" };
        var shape = new Option<string>("--shape") { Description = $"Dimensions: {string.Join(", ", ModelShapes.All.Select(s => $"{s.Name} ({s.Description})"))}", DefaultValueFactory = _ => ModelShapes.Tiny.Name }
            .OneOf([.. ModelShapes.All.Select(s => s.Name)]);
        var vocabulary = new Option<FileInfo?>("--vocab") { Description = "Copy the tokenizer from this GGUF (e.g. a vocab-only file) instead of the built-in byte-level one with Qwen's FIM tokens" }.Existing();
        var architecture = new Option<string?>("--arch") { Description = "llama or qwen2 (default: the shape's)" }.OneOf("llama", "qwen2");
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1234 };
        var name = new Option<string?>("--name") { Description = "The model's name (general.name), which some formats are chosen by (a name with \"zeta\" gets Zeta's next-edit prompts); \"NOT a trained model\" is always added" };
        var command = new Command("make-tiny", "Write a valid GGUF with random weights: a real llama/qwen2 graph that runs the whole pipeline. Its text is noise.") { output, shape, vocabulary, architecture, seed, name };
        command.SetAction(parse =>
        {
            var chosen = ModelShapes.Find(parse.GetValue(shape)!)!;
            if (parse.GetValue(architecture) is { } arch)
            {
                chosen = chosen with { Architecture = arch };
            }

            var path = parse.GetValue(output)!.FullName;
            var clock = Stopwatch.StartNew();
            try
            {
                TinyModelFactory.Write(path, chosen, parse.GetValue(vocabulary)?.FullName, parse.GetValue(seed), parse.GetValue(name));
            }
            catch (Exception e) when (e is GgufFormatException or FileNotFoundException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            var model = ModelInspector.Inspect(path);
            Console.WriteLine($"Wrote {path}: {chosen.Name} shape, {model.Architecture}, {model.ParameterCount:N0} random parameters, {model.FileSize / 1024.0 / 1024.0:F1} MiB, FIM template {model.FimTemplate?.Name ?? "none"}, in {clock.Elapsed.TotalSeconds:F1} s.");
            return 0;
        });
        return command;
    }
}
