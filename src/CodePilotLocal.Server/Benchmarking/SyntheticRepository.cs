using System.Text;
using LibGit2Sharp;

namespace CodePilotLocal.Server.Benchmarking;

/// <summary>
/// A large C# repository for index benchmarks, written as a real git repository: modules of services,
/// models and repositories that use each other across files (so semantic context has work to do), and a
/// history in which files of one feature change together (so co-change has something to find).
/// Deterministic for a seed.
/// </summary>
public static class SyntheticRepository
{
    public const int LinesPerFile = 110;

    /// <returns>The number of C# lines written.</returns>
    public static int Create(string root, int targetLines, int commits, int seed)
    {
        Directory.CreateDirectory(root);
        var random = new Random(seed);
        var modules = Math.Max(1, targetLines / LinesPerFile / 12);
        var files = new List<string>();
        var lines = 0;
        for (var m = 0; m < modules && lines < targetLines; m++)
        {
            var module = "Module" + m;
            var other = "Module" + ((m + 1) % modules);
            for (var k = 0; k < 12 && lines < targetLines; k++)
            {
                var path = Path.Combine("src", module, $"Feature{k}.cs");
                var text = Feature(module, other, k, random);
                Write(root, path, text);
                files.Add(path);
                lines += text.Count(c => c == '\n');
            }
        }

        Write(root, ".gitignore", "bin/\nobj/\n");
        Repository.Init(root);
        using var repository = new Repository(root);
        var when = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
        Commit(repository, "Initial import", ["*"], ref when);
        for (var c = 0; c < commits; c++)
        {
            // A feature change touches one module's neighbouring files, now and then another module's.
            var module = random.Next(modules);
            var first = random.Next(12);
            var touched = Enumerable.Range(0, 1 + random.Next(3)).Select(i => Path.Combine("src", "Module" + module, $"Feature{(first + i) % 12}.cs")).ToList();
            if (random.Next(5) == 0)
            {
                touched.Add(files[random.Next(files.Count)]);
            }

            foreach (var path in touched.Where(p => File.Exists(Path.Combine(root, p))))
            {
                File.AppendAllText(Path.Combine(root, path), $"// change {c}\n");
            }

            Commit(repository, $"Change {c} in Module{module}", touched.Select(p => p.Replace('\\', '/')).ToArray(), ref when);
        }

        return lines;
    }

    private static void Commit(Repository repository, string message, string[] paths, ref DateTimeOffset when)
    {
        Commands.Stage(repository, paths);
        when = when.AddHours(1);
        var signature = new Signature("Bench", "bench@example.invalid", when);
        repository.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true });
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static string Feature(string module, string other, int k, Random random)
    {
        var name = $"Feature{k}";
        var next = $"Feature{(k + 1) % 12}";
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using {{other}};

            namespace {{module}};

            /// <summary>A record of {{name}} in {{module}}.</summary>
            public sealed record {{name}}Item(int Id, string Name, decimal Amount, DateTime CreatedAt);

            /// <summary>Stores {{name}} items in memory.</summary>
            public interface I{{name}}Repository
            {
                {{name}}Item? Find(int id);
                IReadOnlyList<{{name}}Item> FindByName(string name);
                void Save({{name}}Item item);
            }

            /// <summary>Business rules of {{name}}.</summary>
            public sealed class {{name}}Service
            {
                private readonly I{{name}}Repository _repository;
                private readonly {{next}}Service? _next;
                private readonly Dictionary<int, decimal> _totals = new();

                public {{name}}Service(I{{name}}Repository repository, {{next}}Service? next = null)
                {
                    _repository = repository;
                    _next = next;
                }

                /// <summary>The total amount of the items of one name.</summary>
                public decimal TotalFor(string name)
                {
                    var items = _repository.FindByName(name);
                    var total = items.Sum(i => i.Amount);
                    _totals[name.GetHashCode()] = total;
                    return total;
                }

            """);
        for (var method = 0; method < 6; method++)
        {
            var threshold = random.Next(10, 1000);
            b.Append($$"""
                    /// <summary>Applies rule {{method}} to an item and hands it on.</summary>
                    public {{name}}Item Apply{{method}}(int id, decimal factor)
                    {
                        var item = _repository.Find(id) ?? throw new InvalidOperationException($"No item {id}");
                        var amount = item.Amount * factor;
                        if (amount > {{threshold}}m)
                        {
                            amount = Math.Round(amount / 2, 2);
                        }

                        var updated = item with { Amount = amount, CreatedAt = DateTime.UtcNow };
                        _repository.Save(updated);
                        _next?.TotalFor(updated.Name);
                        return updated;
                    }

                """);
        }

        b.Append("}\n");
        return b.ToString();
    }
}
