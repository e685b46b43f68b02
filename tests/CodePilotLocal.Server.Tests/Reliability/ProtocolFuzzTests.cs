using System.Text;
using System.Text.Json.Nodes;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// Thousands of malformed frames against the real server process, seeded and reproducible
/// (CODEPILOT_FUZZ_SEED, CODEPILOT_FUZZ_FRAMES; the default is what CI runs): bad headers, truncated
/// bodies, invalid JSON, non-objects, unknown methods, wrong types for every parameter of every method we
/// implement, missing and extra fields, huge strings, deep nesting. The server must answer every request
/// exactly once with the right error (never an internal error), answer every unreadable frame with one
/// parse error, never write anything but frames, and complete correctly afterwards.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    private const string Document = TestDocuments.Adder;

    private enum Mutation { WrongType, Missing, Extra, HugeString, DeepNesting, InvalidJson, Truncated, BadHeader, NotAnObject, UnknownMethod, Valid }

    [Fact]
    public async Task Thousands_of_malformed_frames_never_crash_the_server_and_each_gets_the_right_answer()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CODEPILOT_FUZZ_SEED"), out var s) ? s : 20261125;
        var frames = int.TryParse(Environment.GetEnvironmentVariable("CODEPILOT_FUZZ_FRAMES"), out var f) ? f : 2000;
        var random = new Random(seed);
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Calculator.cs", Document));
        await using var server = LspProcess.Start("--model", TinyModels.Qwen, "--max-tokens", "8", "--time-budget-ms", "200");
        await server.InitializeAsync(new { explainMaxTokens = 16, singleLineMaxTokens = 8 }, workspace.Path);
        await server.OpenAsync(uri, Document);
        var templates = Templates(uri);
        var sent = new Dictionary<Mutation, int>();
        var answers = new Dictionary<string, int>();
        var expectedUnreadable = 0;
        var deep = new List<Task<JsonObject>?>();
        var kinds = new Dictionary<long, string>();
        var previous = Mutation.Valid;

        for (var done = 0; done < frames;)
        {
            var batch = new List<(long Id, Mutation Kind, string Method, Task<JsonObject> Response)>();
            var bytes = new List<byte>();
            for (var i = 0; i < 50 && done < frames; i++, done++)
            {
                var kind = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
                if (kind == Mutation.BadHeader && previous == Mutation.BadHeader)
                {
                    // After a broken header the reader skips to the next "Content-Length:", so a second broken
                    // header right behind it is skipped with the first (one error for both): keep them apart to count exactly.
                    kind = Mutation.Valid;
                }

                previous = kind;
                sent[kind] = sent.GetValueOrDefault(kind) + 1;
                var (method, parameters, isRequest) = templates[random.Next(templates.Count)];
                long? id = isRequest || kind == Mutation.UnknownMethod ? server.NewId() : null;
                var body = kind switch
                {
                    Mutation.WrongType => Message(id, method, Mutate(parameters.DeepClone(), random, WrongType)),
                    Mutation.Missing => Message(id, method, Mutate(parameters.DeepClone(), random, (_, _) => null, remove: true)),
                    Mutation.Extra => Message(id, method, AddExtra(parameters.DeepClone(), random)),
                    Mutation.HugeString => Message(id, method, Mutate(parameters.DeepClone(), random, (_, r) => new string((char)120, r.Next(1 << 19, 1 << 20)))),
                    Mutation.DeepNesting => Message(id, method, parameters.DeepClone()).Replace("\"params\":", "\"params\":" + new string('[', 5000) + new string(']', 5000) + ",\"p\":"),
                    Mutation.InvalidJson => InvalidJson(random),
                    Mutation.Truncated => Message(id, method, parameters.DeepClone())[..random.Next(1, 20)],
                    Mutation.NotAnObject => new[] { "42", "\"text\"", "[]", "[1,2]", "null", "true" }[random.Next(6)],
                    Mutation.UnknownMethod => Message(id, "codepilot/doesNotExist" + random.Next(100), parameters.DeepClone()),
                    _ => Message(id, method, parameters.DeepClone()),
                };

                var header = kind == Mutation.BadHeader ? random.Next(5) : -1;
                if (id is { } known)
                {
                    kinds[known] = $"{kind} {header} {method}";
                }

                var unreadable = kind is Mutation.InvalidJson or Mutation.Truncated or Mutation.BadHeader or Mutation.NotAnObject;
                if (header == ResynchronizesIntoItsOwnFrame && id is { } resynchronized)
                {
                    batch.Add((resynchronized, Mutation.Valid, method, server.Expect(resynchronized))); // the reader resumes at the frame's own Content-Length
                }

                if (unreadable)
                {
                    expectedUnreadable++;
                }

                else if (kind == Mutation.DeepNesting)
                {
                    // Past the parser's depth limit: a parse error with "id": null; within it: an answer to its id.
                    deep.Add(id is { } deepId ? server.Expect(deepId) : null);
                }
                else if (id is { } tracked)
                {
                    batch.Add((tracked, kind, method, server.Expect(tracked)));
                }

                bytes.AddRange(kind switch
                {
                    Mutation.BadHeader => BadHeader(header, body),
                    Mutation.Truncated => Frame(body, declaredLength: Encoding.UTF8.GetByteCount(body) + 7, padding: 7),
                    _ => Frame(body),
                });
            }

            await server.SendRawAsync([.. bytes]);
            foreach (var (id, kind, method, response) in batch)
            {
                JsonObject answer;
                try
                {
                    answer = await response;
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"{kind} {method} #{id} was never answered.\n{server.Stderr[^Math.Min(3000, server.Stderr.Length)..]}");
                }

                var code = answer["error"]?["code"] is { } c ? (int)c : 0;
                answers[code == 0 ? "result" : code.ToString()] = answers.GetValueOrDefault(code == 0 ? "result" : code.ToString()) + 1;
                Assert.True(code != -32603, $"{kind} {method} #{id} got an internal error: {answer.ToJsonString()[..Math.Min(600, answer.ToJsonString().Length)]}\n{server.Stderr[^Math.Min(4000, server.Stderr.Length)..]}");
                Assert.True(Allowed(kind, code), $"{kind} {method} #{id} got {answer.ToJsonString()[..Math.Min(600, answer.ToJsonString().Length)]}");
            }
        }

        // Unreadable frames have no id to answer: each gets one -32700/-32600 with "id": null.
        var deepAnswered = deep.Count(t => t is { IsCompletedSuccessfully: true });
        Assert.All(deep.Where(t => t is { IsCompletedSuccessfully: true }), t => Assert.True(Allowed(Mutation.DeepNesting, t!.Result["error"]?["code"] is { } c ? (int)c : 0), t!.Result.ToJsonString()));
        expectedUnreadable += deep.Count - deepAnswered;
        var unmatched = await WaitForUnmatchedAsync(server, expectedUnreadable);
        Assert.All(unmatched, u => Assert.True(u["id"] is null, kinds.GetValueOrDefault((long?)u["id"] ?? -1) + " " + u.ToJsonString()));
        Assert.All(unmatched, u => Assert.True((int)u["error"]!["code"]! is -32700 or -32600, u.ToJsonString()));
        Assert.Equal(expectedUnreadable, unmatched.Count);

        // Still serving: a real completion, then a clean shutdown; stdout held only frames throughout.
        // (The fuzzed edits may have changed the first document beyond recognition: complete in a fresh one.)
        var fresh = new Uri(workspace.Write("After.cs", Document));
        await server.OpenAsync(fresh, Document);
        var completion = await server.InlineCompletionAsync(fresh, 4, 15);
        Assert.True(completion["result"]?["items"] is JsonArray, completion.ToJsonString());
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
        output.WriteLine($"seed {seed}: {frames} frames fuzzed ({string.Join(", ", sent.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}); " +
            $"answers by id: {string.Join(", ", answers.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; {unmatched.Count} unreadable frames answered with id null; 0 crashes.");
    }

    /// <summary>What a request may be answered with, by mutation: never an internal error, never a crash.</summary>
    private static bool Allowed(Mutation kind, int code) => kind switch
    {
        Mutation.UnknownMethod => code == -32601,
        Mutation.DeepNesting => code is 0 or -32700 or -32602 or -32600 or -32803 or -32800,
        Mutation.Valid or Mutation.Extra => code is 0 or -32602 or -32600 or -32803 or -32800,
        // A wrong type, a missing field or a huge string is invalid params, unless the field was optional or any string does.
        _ => code is 0 or -32602 or -32600 or -32803 or -32800,
    };

    private static async Task<List<JsonObject>> WaitForUnmatchedAsync(LspProcess server, int expected)
    {
        var unmatched = new List<JsonObject>();
        for (var i = 0; i < 300 && unmatched.Count < expected; i++)
        {
            unmatched.AddRange(server.DrainUnmatchedResponses());
            await Task.Delay(100);
        }

        unmatched.AddRange(server.DrainUnmatchedResponses());
        return unmatched;
    }

    private static List<(string Method, JsonNode Params, bool IsRequest)> Templates(Uri uri)
    {
        var document = new JsonObject { ["uri"] = uri.AbsoluteUri };
        JsonNode Position(int line, int character) => new JsonObject { ["line"] = line, ["character"] = character };
        JsonNode Range() => new JsonObject { ["start"] = Position(2, 0), ["end"] = Position(5, 5) };
        JsonNode At() => new JsonObject { ["textDocument"] = document.DeepClone(), ["position"] = Position(4, 15) };
        return
        [
            ("textDocument/inlineCompletion", new JsonObject { ["textDocument"] = document.DeepClone(), ["position"] = Position(4, 15), ["context"] = new JsonObject { ["triggerKind"] = 2 } }, true),
            ("textDocument/completion", At(), true),
            ("textDocument/codeAction", new JsonObject { ["textDocument"] = document.DeepClone(), ["range"] = Range(), ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() } }, true),
            ("codeAction/resolve", new JsonObject { ["title"] = "Fix with CodePilot", ["kind"] = "quickfix", ["data"] = new JsonObject { ["uri"] = uri.AbsoluteUri, ["range"] = Range() } }, true),
            ("workspace/executeCommand", new JsonObject { ["command"] = "codepilot.acceptedSuggestion", ["arguments"] = new JsonArray(At()) }, true),
            ("codepilot/context", At(), true),
            ("codepilot/explain", new JsonObject { ["textDocument"] = document.DeepClone(), ["range"] = Range() }, true),
            ("codepilot/fix", new JsonObject { ["textDocument"] = document.DeepClone(), ["range"] = Range(), ["instruction"] = "rename b" }, true),
            ("initialize", new JsonObject { ["processId"] = 1, ["capabilities"] = new JsonObject() }, true),
            ("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri.AbsoluteUri, ["version"] = 9 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = new JsonObject { ["start"] = Position(6, 1), ["end"] = Position(6, 1) }, ["text"] = "" }),
            }, false),
            ("textDocument/didSave", new JsonObject { ["textDocument"] = document.DeepClone() }, false),
            ("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = new Uri(uri, "Other.cs").AbsoluteUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = "class Other { }\n" } }, false),
            ("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["codepilot"] = new JsonObject { ["maxTokens"] = 8 } } }, false),
            ("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = uri.AbsoluteUri, ["type"] = 2 }) }, false),
            ("codepilot/prewarm", At(), false),
            ("codepilot/usage", new JsonObject { ["days"] = 7 }, true),
            ("codepilot/nextEdit", At(), true),
            ("codepilot/suggestionEvent", new JsonObject { ["id"] = "0123456789abcdef", ["event"] = "shown" }, false),
            ("$/cancelRequest", new JsonObject { ["id"] = 999999 }, false),
        ];
    }

    private static string Message(long? id, string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };
        if (id is { } value)
        {
            message["id"] = value;
        }

        return message.ToJsonString();
    }

    private static readonly JsonNode?[] Values =
    [
        null, true, false, -1, 0, 1.5, 1e300, 2147483648L, -2147483649L, "", "x", "file:///etc/passwd", "../../etc/passwd",
        new JsonArray(), new JsonArray(1, "a"), new JsonObject(), new JsonObject { ["a"] = 1 },
    ];

    private static JsonNode? WrongType(JsonNode? original, Random random)
    {
        var kind = original?.GetValueKind();
        var candidates = Values.Where(v => v?.GetValueKind() != kind).ToArray();
        return candidates[random.Next(candidates.Length)]?.DeepClone();
    }

    /// <summary>Replaces (or removes) one value at a random place in the params, the params themselves included.</summary>
    private static JsonNode? Mutate(JsonNode? root, Random random, Func<JsonNode?, Random, JsonNode?> replacement, bool remove = false)
    {
        var places = new List<(JsonNode Parent, object Key)>();
        Collect(root, places);
        if (places.Count == 0 || random.Next(10) == 0)
        {
            return remove ? null : replacement(root, random);
        }

        var (parent, key) = places[random.Next(places.Count)];
        if (parent is JsonObject obj && key is string name)
        {
            if (remove)
            {
                obj.Remove(name);
            }
            else
            {
                obj[name] = replacement(obj[name], random);
            }
        }
        else if (parent is JsonArray array && key is int index)
        {
            if (remove)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = replacement(array[index], random);
            }
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, object Key)> places)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    places.Add((obj, name));
                    Collect(child, places);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    places.Add((array, i));
                    Collect(array[i], places);
                }

                break;
        }
    }

    private static JsonNode? AddExtra(JsonNode? root, Random random)
    {
        if (root is JsonObject obj)
        {
            obj["unexpected" + random.Next(1000)] = WrongType(null, random);
        }

        return root;
    }

    private static string InvalidJson(Random random) => random.Next(4) switch
    {
        0 => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":",
        1 => "{'single': 'quotes'}",
        2 => new string((char)random.Next(0x20, 0x7f), random.Next(1, 200)).Replace("Content-Length", ""),
        _ => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)).ToArray()),
    };

    /// <summary>A garbage line before a good Content-Length: one parse error, then the frame itself is read.</summary>
    private const int ResynchronizesIntoItsOwnFrame = 3;

    private static byte[] BadHeader(int kind, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var header = kind switch
        {
            0 => "Content-Length: abc\r\n\r\n",
            1 => "Content-Length: -5\r\n\r\n",
            2 => "Content-Type: application/json\r\n\r\n",
            3 => "garbage line without colon\r\nContent-Length: " + bytes.Length + "\r\n\r\n",
            _ => "Content-Length: " + bytes.Length + "\r\nX-Broken\r\n\r\n",
        };
        return [.. Encoding.ASCII.GetBytes(header), .. bytes];
    }

    private static byte[] Frame(string body, int? declaredLength = null, int padding = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {declaredLength ?? bytes.Length}\r\n\r\n"), .. bytes, .. Enumerable.Repeat((byte)' ', padding)];
    }
}
